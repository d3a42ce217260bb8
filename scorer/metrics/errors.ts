import { AppError } from "@/lib/errors";

/**
 * The error every metric throws for bad input: the app's one error type with code "validation"
 * (HTTP 422), the offending field in `details.fields` and, for per-event problems, the row.
 *
 * @example
 * invalidInput("scores", "score at row 3 is NaN", { row: 3 }).details;
 * // → { fields: [{ field: "scores", message: "score at row 3 is NaN" }], row: 3 }
 */
export function invalidInput(field: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError("validation", message, { fields: [{ field, message }], ...extra });
}
