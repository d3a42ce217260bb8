import { InputError } from "@/core/errors";

/**
 * The error every metric throws for bad input: an InputError (lib/ answers it as `validation`, HTTP
 * 422) with the offending field in `details.fields` and, for per-event problems, the row.
 *
 * @example
 * invalidInput("scores", "score at row 3 is NaN", { row: 3 }).details;
 * // → { fields: [{ field: "scores", message: "score at row 3 is NaN" }], row: 3 }
 */
export function invalidInput(
  field: string,
  message: string,
  extra: Record<string, unknown> = {},
): InputError {
  return new InputError(message, { fields: [{ field, message }], ...extra });
}
