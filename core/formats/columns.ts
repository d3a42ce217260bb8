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

/**
 * A numeric column as a new Float64Array, each value through `Number()`: exact for float32 and
 * integers up to 2^53; larger (big)ints round to the nearest double. Never throws.
 *
 * @example
 * toFloat64(new BigInt64Array([1n, -2n])); // → Float64Array [1, -2]
 */
export function toFloat64(values: NumericArray): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}

/**
 * Event ids as int64. Float columns are accepted when every value is a whole number with
 * |id| ≤ 2^53 − 1 (`Number.MAX_SAFE_INTEGER`; pandas writes an int column that once held a NaN as
 * float64). Bigints are stored as they are (a uint64 ≥ 2^63 wraps, as `BigInt64Array` does).
 *
 * @throws ScoreFileError `upload:bad_id` naming the first bad row via `rowLabel`.
 * @example
 * toEventIds(new Float64Array([3, 4]), "s.h5"); // → BigInt64Array [3n, 4n]
 */
export function toEventIds(values: NumericArray, fileName: string, rowLabel = arrayRow): BigInt64Array {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++)
    out[i] = toEventId(values[i] as number | bigint, i, fileName, rowLabel);
  return out;
}

/** One id of {@link toEventIds}: `v`, read at row `i`, as an int64 bigint, or the same error. */
export function toEventId(v: number | bigint, i: number, fileName: string, rowLabel = arrayRow): bigint {
  if (typeof v === "bigint") {
    // uint64 ids at or above 2^63 would wrap to negative numbers in a BigInt64Array.
    if (v > 9223372036854775807n || v < -9223372036854775808n) {
      throw new ScoreFileError(
        "upload:bad_id",
        `${fileName}: ${rowLabel(i)} has event_id ${v}, beyond the int64 range`,
        { row: i },
      );
    }
    return v;
  }
  if (Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) return BigInt(v);
  throw new ScoreFileError(
    "upload:bad_id",
    `${fileName}: ${rowLabel(i)} has event_id ${v}; event ids are whole numbers (the box's /events/event_id)`,
    { row: i },
  );
}

/**
 * Default row label for array formats (npy, HDF5): 0-based, as numpy indexes.
 *
 * @example
 * arrayRow(17); // → "row 17 (counting from 0)"
 */
export const arrayRow = (k: number) => `row ${k} (counting from 0)`;
