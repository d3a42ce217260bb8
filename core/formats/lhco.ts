import { basename } from "node:path";
import type { Dataset, File } from "h5wasm/node";
import { arrayRow, toEventIds } from "./columns";
import { ScoreFileError } from "./errors";
import { describeType, readNumeric } from "./h5data";
import { OtherFileError } from "./h5guard";
import { h5, loadH5WithBlosc } from "./h5lib";
import { openHdf5Path } from "./hdf5";

/** Particles per event in the LHC Olympics 2020 files, each (pT [GeV], η, φ), zero-padded. */
export const LHCO_PARTICLES = 700;
const PARTICLE_COLUMNS = 3 * LHCO_PARTICLES;
/** Rows per slice by default: 1024 × 2101 float64 ≈ 17 MB. */
export const LHCO_DEFAULT_CHUNK = 1024;

/** Rows [start, end) of the block, row-major with `stride` values per event (the label last, if any). */
export type LhcoSlice = { start: number; end: number; stride: 2100 | 2101; values: Float64Array };

/** An open LHCO events file. Nothing is read until `read`/`slices`; call `close()` when done. */
export type LhcoFile = {
  events: number;
  hasLabel: boolean;
  particles: typeof LHCO_PARTICLES;
  stride: 2100 | 2101;
  /** Event id of each row: `/df/axis1` (the row index in the source file) when present, else 0…N−1. */
  eventIds: BigInt64Array;
  /** Rows [start, end), labels (when present) checked to be 0 or 1. */
  read(start: number, end: number): LhcoSlice;
  /** Consecutive slices of `chunk` rows over [start, end), so a 1M-event file never sits in memory. */
  slices(chunk?: number, start?: number, end?: number): AsyncGenerator<LhcoSlice>;
  close(): void;
};

/**
 * Open an LHC Olympics 2020 particle file (`events_anomalydetection*.h5`, `events_LHCO2020_BlackBox*.h5`):
 * pandas `to_hdf` fixed format, `/df/block0_values` float64 [N, 2100] or [N, 2101] = 700 × (pT, η, φ)
 * [+ label 0 = QCD, 1 = signal], Blosc-compressed. The file is opened in place (see `openHdf5Path`) and
 * read a slice at a time, so its 2–17 GB never need to fit in memory.
 *
 * @throws ScoreFileError `upload:corrupt` (not HDF5, damaged, or a chunk that does not decode),
 *   `upload:unknown_dataset` (no `/df` group or `/df/block0_values`), `upload:unsupported_dtype`
 *   (not float64), `upload:bad_shape` (shape other than [N, 2100|2101], or `/df/axis1` of the wrong
 *   length), `upload:bad_id`; `read`/`slices` throw `upload:bad_label` naming the row.
 * @example
 * const f = await openLhco("../shared/fixtures/real/lhco/events_anomalydetection_tiny.h5");
 * [f.events, f.hasLabel, f.particles]; // → [1000, true, 700]
 */
export async function openLhco(filePath: string, fileName = basename(filePath)): Promise<LhcoFile> {
  await loadH5WithBlosc();
  const file = await openHdf5Path(filePath, fileName);
  try {
    return inspect(file, fileName);
  } catch (e) {
    file.close();
    throw e;
  }
}

/**
 * Slices of an LHCO file, opened and closed around the iteration (closed also when the loop breaks).
 *
 * @throws as `openLhco` and `LhcoFile.read`.
 * @example
 * let n = 0;
 * for await (const s of lhcoSlices("../shared/fixtures/real/lhco/events_anomalydetection_tiny.h5", 100)) n += s.end - s.start;
 * n; // → 1000
 */
export async function* lhcoSlices(
  filePath: string,
  chunk = LHCO_DEFAULT_CHUNK,
  fileName = basename(filePath),
): AsyncGenerator<LhcoSlice> {
  const f = await openLhco(filePath, fileName);
  try {
    yield* f.slices(chunk);
  } finally {
    f.close();
  }
}

function inspect(file: File, fileName: string): LhcoFile {
  const df = file.get("df");
  if (!(df instanceof h5().Group)) {
    throw new ScoreFileError(
      "upload:unknown_dataset",
      `${fileName}: no group /df; an LHC Olympics events file is a pandas DataFrame saved with to_hdf(key="df"). It holds ${
        file
          .keys()
          .map((k) => `/${k}`)
          .join(", ") || "nothing"
      }`,
      { keys: file.keys() },
    );
  }
  const ds = df.get("block0_values");
  if (!(ds instanceof h5().Dataset)) {
    throw new ScoreFileError(
      "upload:unknown_dataset",
      `${fileName}: /df has no dataset block0_values (it holds ${df.keys().join(", ") || "nothing"}); expected the particle block of pandas' fixed format`,
      { keys: df.keys() },
    );
  }
  const { type, size } = ds.metadata;
  if (type !== 1 || size !== 8) {
    throw new ScoreFileError(
      "upload:unsupported_dtype",
      `${fileName}: /df/block0_values holds ${size * 8}-bit ${describeType(type)}; expected float64 (pT, η, φ per particle)`,
    );
  }
  const shape = ds.shape ?? [];
  const [events, cols] = shape;
  if (shape.length !== 2 || events === undefined || (cols !== 2100 && cols !== 2101)) {
    throw new ScoreFileError(
      "upload:bad_shape",
      `${fileName}: /df/block0_values has shape [${shape.join(", ")}]; expected [N, 2100] (700 particles × pT, η, φ) or [N, 2101] (plus the label)`,
      { shape },
    );
  }
  const stride: 2100 | 2101 = cols;
  const eventIds = readIds(df.get("axis1"), events, fileName);
  const read = (start: number, end: number) => readRows(ds, stride, start, end, events, fileName);
  return {
    events,
    hasLabel: stride === 2101,
    particles: LHCO_PARTICLES,
    stride,
    eventIds,
    read,
    async *slices(chunk = LHCO_DEFAULT_CHUNK, start = 0, end = events) {
      if (!Number.isInteger(chunk) || chunk < 1) throw new RangeError(`chunk must be ≥ 1 rows, got ${chunk}`);
      for (let at = start; at < end; at += chunk) yield read(at, Math.min(end, at + chunk));
    },
    close: () => file.close(),
  };
}

function readIds(axis1: unknown, events: number, fileName: string): BigInt64Array {
  if (!(axis1 instanceof h5().Dataset)) return BigInt64Array.from({ length: events }, (_, i) => BigInt(i));
  const values = readNumeric(axis1 as Dataset, "/df/axis1", fileName);
  if (values.length !== events) {
    throw new ScoreFileError(
      "upload:bad_shape",
      `${fileName}: /df/axis1 (the row index) has ${values.length} entries but /df/block0_values ${events} rows; the file is inconsistent, write it again`,
    );
  }
  return toEventIds(values, fileName);
}

function readRows(
  ds: Dataset,
  stride: number,
  start: number,
  end: number,
  events: number,
  fileName: string,
): LhcoSlice {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > events || start > end) {
    throw new RangeError(`rows [${start}, ${end}) are outside [0, ${events})`);
  }
  let values: Float64Array;
  try {
    values = ds.slice([[start, end]]) as Float64Array;
  } catch (e) {
    if (e instanceof OtherFileError)
      throw new ScoreFileError("upload:corrupt", `${fileName}: ${e.message}`, { dataset: ds.path });
    const filters = ds.filters.map((f) => `${f.id} (${f.name || "unnamed"})`).join(", ");
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: rows ${start}–${end - 1} of /df/block0_values do not decode (${(e as Error).message}); filters: ${filters || "none"}. The file may be cut off or damaged`,
      { start, end },
    );
  }
  if (stride === PARTICLE_COLUMNS + 1) {
    for (let r = 0; r < end - start; r++) {
      const label = values[r * stride + PARTICLE_COLUMNS];
      if (label !== 0 && label !== 1) {
        throw new ScoreFileError(
          "upload:bad_label",
          `${fileName}: ${arrayRow(start + r)} has label ${label} in column 2100; labels are 0 (background) or 1 (signal)`,
          { row: start + r, label },
        );
      }
    }
  }
  return { start, end, stride: stride as 2100 | 2101, values };
}
