/** One bad field of an input, for a form or an API client: `{ field: "mass", message: "…" }`. */
export type FieldIssue = { field: string; message: string };

/**
 * Bad input found below the app (a score file that does not parse, a claim out of range, scores and
 * labels of different lengths): the user's fault, with a message that names the field or the file and
 * says what to change. It carries no HTTP status: lib/ maps it to the app's `validation` error (422)
 * at its edge (`classifyError` in lib/errors.ts), the CLI prints its message.
 *
 * `reason` is a machine code where the caller offers one (a score file's `upload:nan`); `details`
 * holds the offending fields and, for per-row problems, the row.
 *
 * @example
 * new InputError("score at row 3 is NaN", { fields: [{ field: "scores", message: "…" }], row: 3 }).details.row; // 3
 */
export class InputError extends Error {
  readonly reason?: string;
  readonly details: { fields?: FieldIssue[] } & Record<string, unknown>;

  constructor(message: string, details: InputError["details"] = {}, reason?: string) {
    super(message);
    this.name = "InputError";
    this.details = details;
    this.reason = reason;
  }
}

/**
 * Type guard: `e instanceof InputError` (a ScoreFileError included).
 *
 * @example
 * isInputError(new Error("x")); // → false
 */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
