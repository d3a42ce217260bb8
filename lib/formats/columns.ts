import { ScoreFileError } from "./errors";

/**
 * What a format reader hands the dispatcher: scores and (when the file carries them) event ids, both
 * in file order, not yet checked for NaN, duplicates or length.
 */
export type RawScores = {
  scores: Float64Array;
  eventIds?: BigInt64Array;
  format: "npy" | "hdf5" | "csv" | "txt";
  /** Where row k came from, for messages: "row 17" for arrays, "line 19" for text. */
  rowLabel?: (k: number) => string;
  details: Record<string, unknown>;
};

/** Anything a reader can pull a numeric column from. */
export type NumericArray = ArrayLike<number> | ArrayLike<bigint>;

export function toFloat64(values: NumericArray): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}

/**
 * Event ids as int64. Float columns are accepted when every value is a whole number that a double
 * holds exactly (|id| ≤ 2^53, as pandas writes an int column that once held a NaN); anything else is
 * `upload:bad_id` naming the row.
 */
export function toEventIds(values: NumericArray, fileName: string, rowLabel = arrayRow): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number | bigint;
    if (typeof v === "bigint") {
      out[i] = v;
    } else if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) {
      out[i] = BigInt(v);
    } else {
      throw new ScoreFileError(
        "upload:bad_id",
        `${fileName}: ${rowLabel(i)} has event_id ${v}; event ids are whole numbers (the box's /events/event_id)`,
        { row: i },
      );
    }
  }
  return out;
}

export const arrayRow = (k: number) => `row ${k} (counting from 0)`;
