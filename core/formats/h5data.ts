import type { Dataset, Group } from "h5wasm/node";
import { h5, h5Module } from "./h5lib";
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
export function readColumn(ds: Dataset, where: string, fileName: string, budget?: ReadBudget): NumericArray {
  const shape = ds.shape ?? [];
  if (shape.length === 0 || shape.length > 2 || (shape.length === 2 && shape[1] !== 1)) {
    throw new ScoreFileError(
      "upload:bad_shape",
      `${fileName}: ${where} has shape [${shape.join(", ")}]; it must be one number per event, shape [N] or [N, 1]`,
      { dataset: where, shape },
    );
  }
  return readNumeric(ds, where, fileName, budget);
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
export function readNumeric(ds: Dataset, where: string, fileName: string, budget?: ReadBudget): NumericArray {
  const type = ds.metadata.type;
  if (type !== 0 && type !== 1) {
    throw new ScoreFileError(
      "upload:unsupported_dtype",
      `${fileName}: ${where} holds ${describeType(type)}, not numbers; store scores as float64 or float32`,
      { dataset: where },
    );
  }
  const value = readValue(ds, where, fileName, budget);
  if (typeof value !== "object" || value === null || !("length" in value) || Array.isArray(value)) {
    throw new ScoreFileError("upload:bad_shape", `${fileName}: ${where} is not an array of numbers`);
  }
  return value as NumericArray;
}

/**
 * `ds.value`, with decode failures (usually a missing compression plugin such as Blosc) named. With a
 * `budget`, the dataset's declared size and chunk size are checked against it first (`ReadBudget.take`).
 *
 * @throws ScoreFileError `upload:corrupt` naming the dataset and its HDF5 filters; `upload:too_large`
 *   from the budget.
 * @example
 * await withHdf5File(readFileSync("../shared/fixtures/clients/scores_h5py.h5"), "s.h5",
 *   (f) => (readValue(f.get("scores") as Dataset, "/scores", "s.h5") as Float32Array).length); // → 1000
 */
export function readValue(ds: Dataset, where: string, fileName: string, budget?: ReadBudget): unknown {
  try {
    if (budget) {
      budget.take(ds, where);
      checkReadable(ds);
    }
    return ds.value;
  } catch (e) {
    if (e instanceof ScoreFileError) throw e;
    const filters = ds.filters.map((f) => `${f.id} (${f.name || "unnamed"})`).join(", ");
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: could not read ${where} (${(e as Error).message})${filters ? `; it uses HDF5 filters ${filters}, save with compression='gzip' or none` : ""}`,
      { dataset: where },
    );
  }
}

/**
 * Read `ds` once into a scratch buffer and throw when HDF5 reports failure. h5wasm's `ds.value`
 * ignores the status of its read and hands back whatever its freshly allocated buffer held — earlier
 * contents of the wasm heap, which may be another file's data — when a chunk does not decode or
 * storage cannot be opened (an external raw-data file: see `allowOpens`). Variable-length types
 * are left to `ds.value` (their buffers need reclaiming; no score column is one).
 *
 * @throws Error naming HDF5's failure, which `readValue` reports as `upload:corrupt`.
 */
function checkReadable(ds: Dataset): void {
  const meta = ds.metadata;
  if (meta.vlen || meta.type === 9 || !meta.shape) return;
  const M = h5Module();
  const ptr = M._malloc(Math.max(1, meta.size * meta.total_size));
  if (!ptr) throw new Error("out of memory");
  try {
    const status = M.get_dataset_data(ds.file_id, ds.path, null, null, null, BigInt(ptr));
    if (status < 0) throw new Error("HDF5 could not read its data");
  } finally {
    M._free(ptr);
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

/**
 * How many bytes an upload's HDF5 datasets may decode to, checked from each dataset's *declared*
 * shape, element size and chunk shape before HDF5 reads (and inflates) a byte of it: a 1 MB file can
 * declare 2^27 gzip-compressed float64 zeros, which `ds.value` would inflate to 1 GiB in the wasm heap
 * (which never shrinks) and copy twice more into JavaScript. One budget per file; each dataset read
 * takes its declared bytes from it, and no chunk may be larger than the whole budget (HDF5 inflates
 * a chunk whole even to read part of it, and a chunk may exceed a resizable dataset's shape).
 *
 * A chunk whose deflate stream inflates past its declared size is `checkDeflateStreams`'s to catch.
 *
 * @example
 * const b = new ReadBudget("s.h5", 8000); // 1000 float64 scores fit, 1001 do not
 */
export class ReadBudget {
  private left: number;

  constructor(
    private readonly fileName: string,
    readonly maxBytes: number,
  ) {
    this.left = maxBytes;
  }

  /**
   * Take a dataset's declared bytes (elements × element size) from the budget.
   *
   * @throws ScoreFileError `upload:too_large` naming the dataset, its declared shape and bytes, and
   *   the limit, when they (or one chunk) exceed what is left; `upload:unsupported_dtype` for a
   *   virtual dataset (its sources are other files).
   */
  take(ds: Dataset, where: string): void {
    const meta = ds.metadata;
    if (meta.virtual_sources?.length) {
      throw new ScoreFileError(
        "upload:unsupported_dtype",
        `${this.fileName}: ${where} is a virtual dataset (its data lives in other files); write the scores themselves into the file`,
        { dataset: where },
      );
    }
    const size = Math.max(1, meta.size);
    const shape = ds.shape ?? [];
    const bytes = shape.reduce((p, d) => p * d, 1) * size;
    const chunk = meta.chunks ? meta.chunks.reduce((p, d) => p * d, 1) * size : 0;
    if (bytes <= this.left && chunk <= this.maxBytes) {
      this.left -= bytes;
      return;
    }
    const what =
      bytes > this.left
        ? `declares shape [${shape.join(", ")}] of ${size}-byte values (${bytes} bytes once decompressed)`
        : `declares chunks of [${(meta.chunks ?? []).join(", ")}] values (${chunk} bytes each once decompressed)`;
    throw new ScoreFileError(
      "upload:too_large",
      `${this.fileName}: ${where} ${what}, more than a score file for this black box can need (${this.maxBytes} bytes in all); send one score per event, and event_id if you like, nothing else`,
      { dataset: where, shape, declaredBytes: bytes, chunkBytes: chunk, limit: this.maxBytes },
    );
  }
}
