import type { z } from "zod";
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
