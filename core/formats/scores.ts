import { SCORE_NAMES } from "./h5data";
import { arrayRow, type RawScores } from "./columns";
import { ScoreFileError } from "./errors";
import { DEFAULT_MAX_DECOMPRESSED_BYTES, gunzipUpload, isGzip } from "./gzip";
import { isHdf5, readHdf5 } from "./hdf5";
import { isNpy, readNpy } from "./npy";
import { readText } from "./text";

export type ReadScoreFileOptions = {
  /** Number of events in the black box; checked when the file carries no ids (or no `eventIds`). */
  expectedLength?: number;
  /** The box's `/events/event_id` in file order. With ids in the upload, scores are aligned to it. */
  eventIds?: BigInt64Array | number[];
  /**
   * Most bytes an upload may decode to (default 512 MiB): the gzip stream inflated, the HDF5 datasets
   * read, the arrays an .npy is widened into. With a known event count it shrinks further to
   * `uploadDecodeLimit(rows)`, so memory per upload follows the box, not the sender.
   */
  maxDecompressedBytes?: number;
  /** Accepted names of the value column/dataset (default score, scores); labels use label, labels. */
  valueNames?: string[];
};

export type ScoreFile = {
  /** One finite score per event: in `opts.eventIds` order when ids were aligned, else in file order. */
  scores: Float64Array;
  /**
   * Event ids as int64 (BigInt64Array, whatever the file stored), present when the file carries ids:
   * equal to `opts.eventIds` after alignment, else the file's ids in file order.
   */
  eventIds?: BigInt64Array;
  format: RawScores["format"];
  details: Record<string, unknown> & { gzip: boolean; rows: number; aligned: boolean };
};

/**
 * Read and validate an uploaded score file; uploads and `arena evaluate` share it.
 *
 * Sniffing: gzip by its magic bytes (a `.gz` name alone proves nothing; the suffix is dropped for what
 * follows), then `\x93NUMPY` → .npy, `\x89HDF\r\n\x1a\n` → HDF5, else a `.csv`/`.txt`/`.tsv`/`.dat`
 * name or text-looking bytes (no NUL) → CSV/TXT. See `readNpy`, `readHdf5`, `readText`.
 *
 * Validation, in file order: every score finite (`upload:nan`, `upload:infinite` name the row, or
 * the line for text), ids unique (`upload:duplicate_id` names the id and both rows). Then, with
 * `opts.eventIds` and ids in the file: every file id in the box (`upload:unknown_ids`), every box id
 * in the file (`upload:missing_ids`), each naming one example id and the count; scores come back in
 * box order. Otherwise the count must equal `expectedLength ?? eventIds.length`
 * (`upload:wrong_length`, both numbers named).
 *
 * @throws ScoreFileError with a machine `code` (see `ScoreFileErrorCode`) and a message that names
 *   the file and says what to change.
 * @example
 * const bytes = new TextEncoder().encode("event_id,score\n1,0.5\n0,0.25\n");
 * (await readScoreFile(bytes, "s.csv", { eventIds: [0, 1] })).scores; // → Float64Array [0.25, 0.5]
 */
export async function readScoreFile(
  bytes: Uint8Array,
  fileName: string,
  opts: ReadScoreFileOptions = {},
): Promise<ScoreFile> {
  const gzip = isGzip(bytes);
  const name = gzip || /\.gz$/i.test(fileName) ? fileName.replace(/\.gz$/i, "") : fileName;
  const rows = opts.expectedLength ?? opts.eventIds?.length;
  const maxBytes = Math.min(
    opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES,
    rows === undefined ? Number.POSITIVE_INFINITY : uploadDecodeLimit(rows),
  );
  const data = gzip ? gunzipUpload(bytes, fileName, maxBytes) : bytes;
  if (data.length === 0) throw new ScoreFileError("upload:empty", `${fileName}: the file is empty`);
  const raw = await parse(data, name, fileName, opts.valueNames ?? SCORE_NAMES, maxBytes);
  if (raw.scores.length === 0) throw new ScoreFileError("upload:empty", `${fileName}: holds no scores`);
  const rowLabel = raw.rowLabel ?? arrayRow;
  checkFinite(raw.scores, fileName, rowLabel);
  if (raw.eventIds && raw.eventIds.length !== raw.scores.length) {
    throw new ScoreFileError(
      "upload:bad_shape",
      `${fileName}: holds ${raw.scores.length} scores but ${raw.eventIds.length} event ids; give one id per score`,
      { scores: raw.scores.length, eventIds: raw.eventIds.length },
    );
  }
  const boxIds = opts.eventIds && toBigInts(opts.eventIds);
  // Ids equal to the box's, in order, are unique already (the box's are).
  if (raw.eventIds && !(boxIds && sameIds(raw.eventIds, boxIds)))
    checkUnique(raw.eventIds, fileName, rowLabel);
  const details = { ...raw.details, gzip, rows: raw.scores.length, aligned: false };
  if (raw.eventIds && boxIds) {
    const scores = align(raw.scores, raw.eventIds, boxIds, fileName);
    return { scores, eventIds: boxIds, format: raw.format, details: { ...details, aligned: true } };
  }
  const expected = opts.expectedLength ?? boxIds?.length;
  if (expected !== undefined && raw.scores.length !== expected) {
    throw new ScoreFileError(
      "upload:wrong_length",
      `${fileName}: holds ${raw.scores.length} scores but this black box has ${expected} events; send exactly one score per event, in the order of /events/event_id`,
      { expected, got: raw.scores.length },
    );
  }
  return { scores: raw.scores, eventIds: raw.eventIds, format: raw.format, details };
}

/** Bytes per row a score file may decode to: a CSV line `event_id,score` with a 17-digit float is ~30. */
const BYTES_PER_ROW = 128;

/**
 * The most bytes a score file for `rows` events may decode to: `BYTES_PER_ROW` per row (4× a CSV
 * line of id and full-precision score; 8× an h5py file's scores + ids) plus 1 MiB for headers and
 * HDF5 metadata. Never throws.
 *
 * @example
 * uploadDecodeLimit(1000); // → 1176576
 */
export function uploadDecodeLimit(rows: number): number {
  return rows * BYTES_PER_ROW + 1024 * 1024;
}

async function parse(
  data: Uint8Array,
  name: string,
  fileName: string,
  valueNames: string[],
  maxBytes: number,
): Promise<RawScores> {
  if (isNpy(data)) return readNpy(data, fileName, maxBytes);
  if (isHdf5(data)) return readHdf5(data, fileName, valueNames, maxBytes);
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";
  if (["npy", "h5", "hdf5", "hdf", "he5"].includes(ext)) {
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: named .${ext} but does not start like a ${ext === "npy" ? ".npy" : "HDF5"} file; the upload may be damaged or mis-named`,
    );
  }
  const looksText = !data.subarray(0, 4096).includes(0);
  if (ext === "npz" || (data[0] === 0x50 && data[1] === 0x4b)) {
    throw new ScoreFileError(
      "upload:unknown_format",
      `${fileName}: zip/.npz archives are not accepted; save one array with np.save(path, scores)`,
    );
  }
  if (looksText && (["csv", "txt", "tsv", "dat", ""].includes(ext) || isPlausibleText(data))) {
    return readText(data, fileName, valueNames);
  }
  throw new ScoreFileError(
    "upload:unknown_format",
    `${fileName}: not a format we read; send .npy (np.save), .h5 (h5py dataset 'scores' or pandas to_hdf), or .csv/.txt (one score per line, or event_id,score with a header), optionally gzipped`,
  );
}

/** Text whose first line is made of digits, signs, separators and letters only. */
function isPlausibleText(data: Uint8Array): boolean {
  const head = new TextDecoder().decode(data.subarray(0, 256)).split(/\r?\n/)[0] ?? "";
  return /^[\w.,;\t #+\-"':]*$/.test(head);
}

function checkFinite(scores: Float64Array, fileName: string, rowLabel: (k: number) => string): void {
  for (let k = 0; k < scores.length; k++) {
    const v = scores[k] as number;
    if (Number.isFinite(v)) continue;
    const nan = Number.isNaN(v);
    throw new ScoreFileError(
      nan ? "upload:nan" : "upload:infinite",
      `${fileName}: ${rowLabel(k)} is ${nan ? "NaN" : v > 0 ? "+Infinity" : "-Infinity"}; every score must be a finite number`,
      { row: k },
    );
  }
}

function checkUnique(ids: BigInt64Array, fileName: string, rowLabel: (k: number) => string): void {
  // Numbers key a Map ~10× faster than bigints; ids beyond ±2^53 (never seen in practice) keep bigints.
  const keys = safeNumbers(ids) ?? ids;
  const seen = new Map<number | bigint, number>();
  for (let k = 0; k < keys.length; k++) {
    const id = keys[k] as number | bigint;
    const first = seen.get(id);
    if (first !== undefined) {
      throw new ScoreFileError(
        "upload:duplicate_id",
        `${fileName}: event_id ${id} appears twice (${rowLabel(first)} and ${rowLabel(k)}); send one score per event`,
        { eventId: id.toString(), rows: [first, k] },
      );
    }
    seen.set(id, k);
  }
}

/** The ids as numbers when every one is a safe integer (|id| ≤ 2^53 − 1), else null. */
function safeNumbers(ids: BigInt64Array): Float64Array | null {
  const out = new Float64Array(ids.length);
  for (let k = 0; k < ids.length; k++) {
    const v = Number(ids[k] as bigint);
    if (!Number.isSafeInteger(v)) return null;
    out[k] = v;
  }
  return out;
}

/** Same ids in the same order (the usual case: a file written from the public file's event_id). */
function sameIds(a: BigInt64Array, b: BigInt64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Scores reordered to `boxIds`; file ids are known unique. */
function align(
  scores: Float64Array,
  fileIds: BigInt64Array,
  boxIds: BigInt64Array,
  fileName: string,
): Float64Array {
  if (sameIds(fileIds, boxIds)) return scores;
  const fileKeys: ArrayLike<number | bigint> = safeNumbers(fileIds) ?? fileIds;
  const boxKeys: ArrayLike<number | bigint> =
    typeof fileKeys[0] === "number" ? (safeNumbers(boxIds) ?? boxIds) : boxIds;
  const numeric = typeof fileKeys[0] === "number" && typeof boxKeys[0] === "number";
  const file = numeric ? fileKeys : fileIds;
  const box = numeric ? boxKeys : boxIds;
  const rowOf = new Map<number | bigint, number>();
  for (let k = 0; k < file.length; k++) rowOf.set(file[k] as number | bigint, k);
  const out = new Float64Array(box.length);
  const missing: (number | bigint)[] = [];
  const used = new Uint8Array(file.length);
  for (let i = 0; i < box.length; i++) {
    const row = rowOf.get(box[i] as number | bigint);
    if (row === undefined) missing.push(box[i] as number | bigint);
    else {
      out[i] = scores[row] as number;
      used[row] = 1;
    }
  }
  const unknown: (number | bigint)[] = [];
  for (let k = 0; k < file.length; k++) if (!used[k]) unknown.push(file[k] as number | bigint);
  if (unknown.length > 0) {
    throw new ScoreFileError(
      "upload:unknown_ids",
      `${fileName}: event_id ${unknown[0]}${more(unknown.length)} is not in this black box; send scores only for the events in /events/event_id`,
      { example: String(unknown[0]), count: unknown.length },
    );
  }
  if (missing.length > 0) {
    throw new ScoreFileError(
      "upload:missing_ids",
      `${fileName}: has no score for event_id ${missing[0]}${more(missing.length)}; send one score for every event in /events/event_id`,
      { example: String(missing[0]), count: missing.length },
    );
  }
  return out;
}

const more = (count: number) => (count > 1 ? ` (and ${count - 1} more)` : "");

function toBigInts(ids: BigInt64Array | number[]): BigInt64Array {
  return ids instanceof BigInt64Array ? ids : BigInt64Array.from(ids, (v) => BigInt(v));
}
