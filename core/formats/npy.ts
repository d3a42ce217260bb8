import { arrayRow, type RawScores, toEventId } from "./columns";
import { ScoreFileError } from "./errors";

/**
 * `\x93NUMPY` — every .npy file starts with it (numpy NEP 1). Never throws.
 *
 * @example
 * isNpy(readFileSync("../shared/fixtures/clients/scores_f64.npy")); // → true
 */
export function isNpy(bytes: Uint8Array): boolean {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  return bytes.length >= 6 && magic.every((b, i) => bytes[i] === b);
}

type Dtype = { kind: "f" | "i" | "u"; size: number; littleEndian: boolean; descr: string };

type NpyHeader = { dtype: Dtype; fortranOrder: boolean; shape: number[]; dataOffset: number };

/**
 * Read a score array saved with `np.save`, following numpy's format spec (NEP 1,
 * `numpy.lib.format`): magic, version 1.0 (uint16 header length), 2.0 or 3.0 (uint32, 3.0 = UTF-8
 * header); header is a Python dict literal with `descr`, `fortran_order`, `shape`.
 *
 * Accepted: float16/32/64 and (u)int8–64 in either byte order (`<`, `>`, `|`; `=` read as little
 * endian), C or Fortran order, shapes [N], [N,1] (scores) and [N,2] (column 0 = event_id,
 * column 1 = score). The data must be exactly shape × itemsize bytes: `np.save` writes nothing after
 * it, so bytes past the end (which `np.load` would silently ignore) are refused rather than stored.
 * The arrays the scores are widened into must fit `maxBytes` (8 bytes per score, 8 more per id),
 * checked from the header before anything is allocated.
 *
 * @throws ScoreFileError `upload:corrupt` (bad header), `upload:unsupported_dtype` (object, bool,
 *   complex, structured, float128, strings), `upload:bad_shape`, `upload:truncated` (fewer data bytes
 *   than shape × itemsize, both numbers named), `upload:trailing_bytes` (more, both numbers named),
 *   `upload:too_large` (past `maxBytes`), `upload:bad_id` (non-integral id column).
 * @example
 * readNpy(readFileSync("../shared/fixtures/clients/scores_f64.npy"), "s.npy").scores[0]; // → -0.11482065725950988
 */
export function readNpy(bytes: Uint8Array, fileName: string, maxBytes = Number.POSITIVE_INFINITY): RawScores {
  const header = parseHeader(bytes, fileName);
  const { dtype, shape, fortranOrder, dataOffset } = header;
  const shapeText = `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
  const [n, cols = 1] = shape;
  if (n === undefined || shape.length > 2 || (shape.length === 2 && cols !== 1 && cols !== 2)) {
    throw new ScoreFileError(
      "upload:bad_shape",
      `${fileName}: array shape ${shapeText} is not accepted; save a 1-D array of N scores, shape (N, 1), or (N, 2) with columns event_id, score (e.g. np.save(path, scores.ravel()))`,
      { shape },
    );
  }
  const expected = n * cols * dtype.size;
  const actual = bytes.length - dataOffset;
  if (actual < expected) {
    throw new ScoreFileError(
      "upload:truncated",
      `${fileName}: shape ${shapeText} of ${dtype.descr} needs ${expected} bytes of data but the file holds ${actual}; the upload was cut off, send the whole file again`,
      { expectedBytes: expected, actualBytes: actual },
    );
  }
  if (actual > expected) {
    throw new ScoreFileError(
      "upload:trailing_bytes",
      `${fileName}: shape ${shapeText} of ${dtype.descr} is ${expected} bytes of data but the file holds ${actual} (${actual - expected} bytes after the array); send the file exactly as np.save(path, scores) writes it, with nothing appended`,
      { expectedBytes: expected, actualBytes: actual },
    );
  }
  const widened = n * 8 * (cols === 2 ? 2 : 1);
  if (widened > maxBytes) {
    throw new ScoreFileError(
      "upload:too_large",
      `${fileName}: shape ${shapeText} holds ${n} rows, more than a score file for this black box can need (${maxBytes} bytes once read); send one score per event`,
      { shape, limit: maxBytes },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, expected);
  // Element (i, j) sits at i*cols + j in C order and j*n + i in Fortran order.
  const at = (i: number, j: number) => (fortranOrder ? j * n + i : i * cols + j) * dtype.size;
  const scoreCol = cols === 2 ? 1 : 0;
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) scores[i] = Number(readElement(view, at(i, scoreCol), dtype));
  const details = { dtype: dtype.descr, shape, fortranOrder };
  if (cols !== 2) return { scores, format: "npy", rowLabel: arrayRow, details };
  // Straight into the BigInt64Array: no intermediate array of N numbers on the JS heap.
  const eventIds = new BigInt64Array(n);
  for (let i = 0; i < n; i++) eventIds[i] = toEventId(readElement(view, at(i, 0), dtype), i, fileName);
  return { scores, eventIds, format: "npy", rowLabel: arrayRow, details };
}

function parseHeader(bytes: Uint8Array, fileName: string): NpyHeader {
  const corrupt = (why: string) =>
    new ScoreFileError(
      "upload:corrupt",
      `${fileName}: not a readable .npy file (${why}); save it with np.save`,
    );
  if (bytes.length < 10) throw new ScoreFileError("upload:truncated", `${fileName}: .npy header is cut off`);
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12)
      throw new ScoreFileError("upload:truncated", `${fileName}: .npy header is cut off`);
    headerLen = dv.getUint32(8, true);
    start = 12;
  } else {
    throw corrupt(`format version ${major}.${bytes[7]} is unknown`);
  }
  if (start + headerLen > bytes.length) {
    throw new ScoreFileError("upload:truncated", `${fileName}: .npy header is cut off`);
  }
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(
    bytes.subarray(start, start + headerLen),
  );
  const descrMatch = /['"]descr['"]\s*:\s*(['"])([^'"]*)\1/.exec(text);
  if (!descrMatch) {
    if (/['"]descr['"]\s*:\s*\[/.test(text)) {
      throw new ScoreFileError(
        "upload:unsupported_dtype",
        `${fileName}: structured (record) arrays are not accepted; save a plain float array`,
      );
    }
    throw corrupt("no 'descr' in header");
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  const shapeMatch = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!fortran || !shapeMatch) throw corrupt("header lacks 'fortran_order' or 'shape'");
  const shape = (shapeMatch[1] ?? "")
    .split(",")
    .map((s) => s.trim().replace(/L$/, ""))
    .filter((s) => s !== "")
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw corrupt(`shape (${shapeMatch[1]})`);
  return {
    dtype: parseDescr(descrMatch[2] ?? "", fileName),
    fortranOrder: fortran[1] === "True",
    shape,
    dataOffset: start + headerLen,
  };
}

function parseDescr(descr: string, fileName: string): Dtype {
  const m = /^([<>|=]?)([fiu])(\d+)$/.exec(descr);
  const size = Number(m?.[3]);
  const kind = m?.[2] as Dtype["kind"] | undefined;
  const ok = kind === "f" ? [2, 4, 8].includes(size) : [1, 2, 4, 8].includes(size);
  if (!m || !kind || !ok) {
    throw new ScoreFileError(
      "upload:unsupported_dtype",
      `${fileName}: dtype '${descr}' is not accepted; save float64 or float32 numbers (scores.astype(np.float64))`,
      { dtype: descr },
    );
  }
  return { kind, size, littleEndian: m[1] !== ">", descr };
}

function readElement(view: DataView, offset: number, d: Dtype): number | bigint {
  const le = d.littleEndian;
  if (d.kind === "f") {
    if (d.size === 8) return view.getFloat64(offset, le);
    if (d.size === 4) return view.getFloat32(offset, le);
    return halfToFloat(view.getUint16(offset, le));
  }
  const signed = d.kind === "i";
  switch (d.size) {
    case 1:
      return signed ? view.getInt8(offset) : view.getUint8(offset);
    case 2:
      return signed ? view.getInt16(offset, le) : view.getUint16(offset, le);
    case 4:
      return signed ? view.getInt32(offset, le) : view.getUint32(offset, le);
    default:
      return signed ? view.getBigInt64(offset, le) : view.getBigUint64(offset, le);
  }
}

/**
 * IEEE 754 binary16 bits → number, as numpy's float16 widens (subnormals, ±0, ±Infinity, NaN).
 * Node 20 has no DataView.getFloat16. Never throws.
 *
 * @example
 * halfToFloat(0x7bff); // → 65504
 */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/**
 * A little-endian float64 `.npy` (format 1.0, C order) of `data` with `shape`: what `np.save` writes
 * for such an array, so numpy reads it back unchanged.
 * @example npyBytes(Float64Array.of(0, 3000, 1, 3500), [2, 2]) // (event_id, mjj) rows
 */
export function npyBytes(data: Float64Array, shape: number[]): Uint8Array {
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': ${dims}, }`;
  // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const headerLength = Math.ceil((10 + dict.length + 1) / 64) * 64 - 10;
  const out = new Uint8Array(10 + headerLength + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, headerLength & 0xff, headerLength >> 8]);
  out.set(new TextEncoder().encode(`${dict.padEnd(headerLength - 1, " ")}\n`), 10);
  const view = new DataView(out.buffer, 10 + headerLength);
  for (let i = 0; i < data.length; i++) view.setFloat64(8 * i, data[i] as number, true);
  return out;
}
