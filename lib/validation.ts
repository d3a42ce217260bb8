import { z } from "zod";
import { AppError } from "./errors";

/** Parse input with a zod schema; on failure throw a 422 AppError naming each field and the reason. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fields = r.error.issues.map((i) => ({
    field: i.path.length ? i.path.join(".") : "(body)",
    message: i.message,
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join("; ");
  throw new AppError("validation", `Invalid input — ${summary}`, { fields });
}

// Control characters (Unicode Cc: C0, DEL, C1); tab, line feed and carriage return where `lines` allows.
const CONTROL = /\p{Cc}/u;
const LINE_BREAKS = /[\t\n\r]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A free-text field as stored in PostgreSQL: trimmed, at most `max` characters, no NUL or other
 * control characters (PostgreSQL text and jsonb cannot hold NUL, so one would fail the insert as a
 * 500), and well-formed UTF-16 (a lone surrogate cannot be encoded for the database either).
 * Tabs and line breaks only with `lines: true`. Failures name the field through `parseInput`.
 *
 * @example
 * freeText(120).safeParse("GAN-AE\u0000").success; // → false
 */
export function freeText(max: number, opts: { lines?: boolean } = {}) {
  return z
    .string()
    .trim()
    .max(max)
    .refine((s) => !CONTROL.test(opts.lines ? s.replace(LINE_BREAKS, "") : s), {
      error: `must not contain control characters (such as NUL)${opts.lines ? "" : " or line breaks"}`,
    })
    .refine((s) => !LONE_SURROGATE.test(s), { error: "must be valid Unicode text (no lone surrogates)" });
}
