import { basename } from "node:path";
import type { Dataset } from "h5wasm/node";
import { toEventIds } from "./columns";
import { ScoreFileError } from "./errors";
import { describeType, readColumn } from "./h5data";
import { OtherFileError } from "./h5guard";
import { h5 } from "./h5lib";
import { openHdf5Path } from "./hdf5";

/** The 19 objects of an ADC2021 event, in file order: MET, 4 electrons, 4 muons, 10 jets. */
const OBJECTS = [
  "MET",
  ...[1, 2, 3, 4].map((i) => `e${i}`),
  ...[1, 2, 3, 4].map((i) => `mu${i}`),
  ...Array.from({ length: 10 }, (_, i) => `j${i + 1}`),
];

/**
 * Column names of `readAdc2021`'s features: object × (pt, eta, phi), the per-object class index of the
 * file dropped (it repeats the object's slot): `MET_pt, MET_eta, MET_phi, e1_pt, …, mu1_pt, …, j10_phi`.
 */
export const ADC2021_FEATURE_NAMES: readonly string[] = OBJECTS.flatMap((o) => [
  `${o}_pt`,
  `${o}_eta`,
  `${o}_phi`,
]);

/** Events read per HDF5 slice: 65 536 × 19 × 4 float32 = 20 MB. */
const BLOCK = 65_536;

export type Adc2021Events = {
  /** Events in the file. */
  events: number;
  /** Events read: all of them, or the first `limit`. */
  rows: number;
  /** Row-major float32 [rows, 57], columns `ADC2021_FEATURE_NAMES`. */
  features: Float32Array;
  featureNames: readonly string[];
  /** From the `EvtId` dataset when the file has one and every event was read. */
  eventIds?: BigInt64Array;
  /** Whether the file has an `EvtId` dataset (of the right length). */
  hasEventIds: boolean;
};

/**
 * Read an ADC2021 (Anomaly Detection Challenge 2021) objects file: dataset `Particles` float [N, 19, 4]
 * = per event MET, 4 e, 4 μ, 10 jets × (pT [GeV], η, φ, class), zero-padded, usually gzip-compressed,
 * plus optional int `EvtId` [N]. Opened in place and read in blocks; only the float32 [N, 57] result is
 * held (228 B per event: the 4M-event training file gives ~0.9 GB). With `limit`, only the first
 * `limit` events are read (a preview); `events` still counts the file's.
 *
 * @throws ScoreFileError `upload:corrupt` (not HDF5, cut off, a chunk that does not decode),
 *   `upload:unknown_dataset` (no `Particles`), `upload:unsupported_dtype` (not floats),
 *   `upload:bad_shape` (not [N, 19, 4], or `EvtId` not N long), `upload:nan`/`upload:infinite`
 *   naming the event and column, `upload:bad_id`.
 * @example
 * const e = await readAdc2021("/data/background_for_training.h5");
 * [e.featureNames[3], e.features.length / e.events]; // → ["e1_pt", 57]
 */
export async function readAdc2021(
  filePath: string,
  fileName = basename(filePath),
  limit = Number.POSITIVE_INFINITY,
): Promise<Adc2021Events> {
  const file = await openHdf5Path(filePath, fileName);
  try {
    const ds = file.get("Particles");
    if (!(ds instanceof h5().Dataset)) {
      throw new ScoreFileError(
        "upload:unknown_dataset",
        `${fileName}: no dataset 'Particles' (it holds ${file.keys().join(", ") || "nothing"}); an ADC2021 events file has Particles [N, 19, 4]`,
        { keys: file.keys() },
      );
    }
    if (ds.metadata.type !== 1) {
      throw new ScoreFileError(
        "upload:unsupported_dtype",
        `${fileName}: /Particles holds ${describeType(ds.metadata.type)}; expected floats (pT, η, φ, class)`,
      );
    }
    const shape = ds.shape ?? [];
    const events = shape[0] ?? 0;
    if (shape.length !== 3 || shape[1] !== 19 || shape[2] !== 4) {
      throw new ScoreFileError(
        "upload:bad_shape",
        `${fileName}: /Particles has shape [${shape.join(", ")}]; expected [N, 19, 4] (MET, 4 e, 4 μ, 10 jets × pT, η, φ, class)`,
        { shape },
      );
    }
    const rows = Math.min(events, limit);
    const features = new Float32Array(rows * 57);
    for (let start = 0; start < rows; start += BLOCK) {
      const end = Math.min(rows, start + BLOCK);
      copyKinematics(readBlock(ds, start, end, fileName), start, features, fileName);
    }
    const idDs = file.get("EvtId");
    let eventIds: BigInt64Array | undefined;
    const hasEventIds = idDs instanceof h5().Dataset;
    if (hasEventIds) {
      const length = (idDs as Dataset).shape?.[0] ?? 0;
      if (length !== events) {
        throw new ScoreFileError(
          "upload:bad_shape",
          `${fileName}: /EvtId has ${length} entries but /Particles ${events} events; one id per event`,
        );
      }
      if (rows === events) eventIds = toEventIds(readColumn(idDs as Dataset, "/EvtId", fileName), fileName);
    }
    return { events, rows, features, featureNames: ADC2021_FEATURE_NAMES, eventIds, hasEventIds };
  } finally {
    file.close();
  }
}

function readBlock(ds: Dataset, start: number, end: number, fileName: string): ArrayLike<number> {
  try {
    const v = ds.slice([[start, end]]);
    if (v && typeof v === "object" && "length" in v && v.length === (end - start) * 76) {
      return v as ArrayLike<number>;
    }
    throw new Error(`got ${v === null ? "nothing" : "a short block"}`);
  } catch (e) {
    if (e instanceof OtherFileError)
      throw new ScoreFileError("upload:corrupt", `${fileName}: ${e.message}`, { dataset: ds.path });
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: events ${start}–${end - 1} of /Particles do not decode (${(e as Error).message}); the file may be cut off or damaged`,
      { start, end },
    );
  }
}

/** [n, 19, 4] → [n, 57], checking every kept value is finite. */
function copyKinematics(block: ArrayLike<number>, start: number, out: Float32Array, fileName: string): void {
  const n = block.length / 76;
  for (let e = 0; e < n; e++) {
    for (let o = 0; o < 19; o++) {
      for (let k = 0; k < 3; k++) {
        const v = block[e * 76 + o * 4 + k] as number;
        if (!Number.isFinite(v)) {
          const nan = Number.isNaN(v);
          throw new ScoreFileError(
            nan ? "upload:nan" : "upload:infinite",
            `${fileName}: event ${start + e} (counting from 0) has ${nan ? "NaN" : v} in ${ADC2021_FEATURE_NAMES[o * 3 + k]}; zero-pad missing objects instead`,
            { row: start + e, column: ADC2021_FEATURE_NAMES[o * 3 + k] },
          );
        }
        out[(start + e) * 57 + o * 3 + k] = v;
      }
    }
  }
}
