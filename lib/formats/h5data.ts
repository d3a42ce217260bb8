import type { Dataset, Group } from "h5wasm/node";
import { h5 } from "./h5lib";
import type { NumericArray } from "./columns";
import { ScoreFileError } from "./errors";

/** Default accepted names of the score dataset / column (HDF5, pandas, CSV), compared case-insensitively. */
export const SCORE_NAMES = ["scores", "score"];
/** Accepted names of the event-id dataset / column or pandas index in HDF5 files, case-insensitive. */
export const ID_NAMES = ["event_id", "event_ids", "id", "ids"];

/**
 * A numeric dataset of shape [N] or [N,1], flat, as h5wasm returns it (typed array; BigInt64Array for
 * int64). `where` and `fileName` only name it in messages.
 *
 * @throws ScoreFileError `upload:bad_shape` for a scalar, rank > 2 or [N,k≠1]; else as `readNumeric`.
 * @example
 * await withHdf5File(readFileSync("../shared/fixtures/clients/scores_h5py.h5"), "s.h5",
 *   (f) => readColumn(f.get("event_id") as Dataset, "/event_id", "s.h5").length); // → 1000
 */
export function readColumn(ds: Dataset, where: string, fileName: string): NumericArray {
  const shape = ds.shape ?? [];
  if (shape.length === 0 || shape.length > 2 || (shape.length === 2 && shape[1] !== 1)) {
    throw new ScoreFileError(
      "upload:bad_shape",
      `${fileName}: ${where} has shape [${shape.join(", ")}]; it must be one number per event, shape [N] or [N, 1]`,
      { dataset: where, shape },
    );
  }
  return readNumeric(ds, where, fileName);
}

/**
 * Every value of a numeric dataset (HDF5 class integer or float), flat in C order, any shape.
 *
 * @throws ScoreFileError `upload:unsupported_dtype` for any other class (strings, compound, enum …),
 *   `upload:bad_shape` when the value is not an array, else as `readValue`.
 * @example
 * await withHdf5File(readFileSync("../shared/fixtures/clients/scores_h5py.h5"), "s.h5",
 *   (f) => readNumeric(f.get("scores") as Dataset, "/scores", "s.h5")[0]); // → -0.11482065916061401
 */
export function readNumeric(ds: Dataset, where: string, fileName: string): NumericArray {
  const type = ds.metadata.type;
  if (type !== 0 && type !== 1) {
    throw new ScoreFileError(
      "upload:unsupported_dtype",
      `${fileName}: ${where} holds ${describeType(type)}, not numbers; store scores as float64 or float32`,
      { dataset: where },
    );
  }
  const value = readValue(ds, where, fileName);
  if (typeof value !== "object" || value === null || !("length" in value) || Array.isArray(value)) {
    throw new ScoreFileError("upload:bad_shape", `${fileName}: ${where} is not an array of numbers`);
  }
  return value as NumericArray;
}

/**
 * `ds.value`, with decode failures (usually a missing compression plugin such as Blosc) named.
 *
 * @throws ScoreFileError `upload:corrupt` naming the dataset and its HDF5 filters.
 * @example
 * await withHdf5File(readFileSync("../shared/fixtures/clients/scores_h5py.h5"), "s.h5",
 *   (f) => (readValue(f.get("scores") as Dataset, "/scores", "s.h5") as Float32Array).length); // → 1000
 */
export function readValue(ds: Dataset, where: string, fileName: string): unknown {
  try {
    return ds.value;
  } catch (e) {
    const filters = ds.filters.map((f) => `${f.id} (${f.name || "unnamed"})`).join(", ");
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: could not read ${where} (${(e as Error).message})${filters ? `; it uses HDF5 filters ${filters}, save with compression='gzip' or none` : ""}`,
      { dataset: where },
    );
  }
}

/**
 * Paths of every dataset under `group`, relative to it, without PyTables' `_i_table` index tables.
 *
 * @example
 * await withHdf5File(readFileSync("../shared/fixtures/clients/scores_pandas_table.h5"), "s.h5", datasetPaths); // → ["df/table"]
 */
export function datasetPaths(group: Group): string[] {
  return group.paths().filter((p) => !p.includes("_i_table") && group.get(p) instanceof h5().Dataset);
}

/**
 * Words for an HDF5 datatype class (`H5T_class_t`, h5wasm `metadata.type`): 0 integers … 6 records;
 * "other data" beyond.
 *
 * @example
 * describeType(3); // → "strings"
 */
export function describeType(type: number): string {
  return (
    ["integers", "floats", "times", "strings", "bitfields", "opaque data", "records"][type] ?? "other data"
  );
}
