import { InputError } from "@/core/errors";

/**
 * Machine codes for a rejected score file or dataset import (lhco, masterkey, adc2021, darkmachines).
 * Every one is the uploader's fault (HTTP 422); the message names the file and says what to change.
 */
export type ScoreFileErrorCode =
  | "upload:empty"
  | "upload:too_large"
  | "upload:unknown_format"
  | "upload:corrupt"
  | "upload:truncated"
  | "upload:trailing_bytes"
  | "upload:unsupported_dtype"
  | "upload:bad_shape"
  | "upload:bad_line"
  | "upload:unknown_dataset"
  | "upload:nan"
  | "upload:infinite"
  | "upload:bad_id"
  | "upload:bad_label"
  | "upload:duplicate_id"
  | "upload:wrong_length"
  | "upload:missing_ids"
  | "upload:unknown_ids";

/**
 * A score or import file we refuse: an InputError whose `reason` is its machine code. lib/ answers it
 * with the shared envelope (`validation`, 422), the machine code kept as `details.reason`.
 *
 * @example
 * const e = new ScoreFileError("upload:nan", "s.npy: row 3 is NaN", { row: 3 });
 * [e.reason, e.details]; // → ["upload:nan", { row: 3 }]
 */
export class ScoreFileError extends InputError {
  readonly code: ScoreFileErrorCode;

  constructor(code: ScoreFileErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, details, code);
    this.name = "ScoreFileError";
    this.code = code;
  }
}

/**
 * Type guard: `e instanceof ScoreFileError`.
 *
 * @example
 * isScoreFileError(new Error("x")); // → false
 */
export function isScoreFileError(e: unknown): e is ScoreFileError {
  return e instanceof ScoreFileError;
}
