import h5wasm, { type Dataset, type Group } from "h5wasm/node";
import type { NumericArray } from "./columns";
import { ScoreFileError } from "./errors";

/** Accepted dataset / column names, compared case-insensitively. */
export const SCORE_NAMES = ["scores", "score"];
export const ID_NAMES = ["event_id", "event_ids", "id", "ids"];

/** A numeric dataset of shape [N] or [N,1], as numbers or bigints. */
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

/** Every value of a numeric dataset, flat in C order. */
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

/** `ds.value`, with decode failures (usually a missing compression plugin) named. */
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

export function datasetPaths(group: Group): string[] {
  return group.paths().filter((p) => !p.includes("_i_table") && group.get(p) instanceof h5wasm.Dataset);
}

export function describeType(type: number): string {
  return (
    ["integers", "floats", "times", "strings", "bitfields", "opaque data", "records"][type] ?? "other data"
  );
}
