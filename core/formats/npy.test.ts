import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ScoreFileError } from "./errors";
import { halfToFloat, npyBytes, readNpy } from "./npy";

/** A .npy file as numpy.lib.format writes it: magic, version, padded header, data. */
function npy(
  descr: string,
  shape: number[],
  data: Uint8Array,
  opts: { version?: 1 | 2 | 3; fortran?: boolean } = {},
) {
  const version = opts.version ?? 1;
  const shapeText = `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
  const d = descr.startsWith("[") ? descr : `'${descr}'`;
  let dict = `{'descr': ${d}, 'fortran_order': ${opts.fortran ? "True" : "False"}, 'shape': ${shapeText}, }`;
  const prefix = version === 1 ? 10 : 12;
  dict += `${" ".repeat(64 - ((prefix + dict.length + 1) % 64))}\n`;
  const head = new Uint8Array(prefix);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(head.buffer);
  if (version === 1) dv.setUint16(8, dict.length, true);
  else dv.setUint32(8, dict.length, true);
  return new Uint8Array([...head, ...new TextEncoder().encode(dict), ...data]);
}

function bytesOf(values: number[], write: (dv: DataView, i: number, v: number) => void, size: number) {
  const dv = new DataView(new ArrayBuffer(values.length * size));
  values.forEach((v, i) => {
    write(dv, i * size, v);
  });
  return new Uint8Array(dv.buffer);
}
const f64le = (v: number[]) => bytesOf(v, (dv, o, x) => dv.setFloat64(o, x, true), 8);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScoreFileError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "no error";
}

describe("readNpy", () => {
  it("reads header versions 1.0, 2.0 and 3.0", () => {
    for (const version of [1, 2, 3] as const) {
      expect(Array.from(readNpy(npy("<f8", [2], f64le([0.5, -2]), { version }), "s.npy").scores)).toEqual([
        0.5, -2,
      ]);
    }
  });

  it("reads big-endian float32, float16 and integer dtypes", () => {
    const be32 = bytesOf([1.5, -0.25], (dv, o, x) => dv.setFloat32(o, x, false), 4);
    expect(Array.from(readNpy(npy(">f4", [2], be32), "s.npy").scores)).toEqual([1.5, -0.25]);
    // float16: 0x3c00 = 1, 0xc000 = -2, 0x3555 ≈ 0.333251953125 (IEEE 754 binary16)
    const f2 = bytesOf([0x3c00, 0xc000, 0x3555], (dv, o, x) => dv.setUint16(o, x, true), 2);
    expect(Array.from(readNpy(npy("<f2", [3], f2), "s.npy").scores)).toEqual([1, -2, 0.333251953125]);
    const i8 = bytesOf([3, -7], (dv, o, x) => dv.setBigInt64(o, BigInt(x), false), 8);
    expect(Array.from(readNpy(npy(">i8", [2], i8), "s.npy").scores)).toEqual([3, -7]);
    expect(Array.from(readNpy(npy("|u1", [2], new Uint8Array([0, 255])), "s.npy").scores)).toEqual([0, 255]);
  });

  it("reads [N, 2] as (event_id, score) in C and Fortran order", () => {
    const c = readNpy(npy("<f8", [2, 2], f64le([10, 0.5, 20, 1.5])), "s.npy");
    const f = readNpy(npy("<f8", [2, 2], f64le([10, 20, 0.5, 1.5]), { fortran: true }), "s.npy");
    for (const r of [c, f]) {
      expect(Array.from(r.scores)).toEqual([0.5, 1.5]);
      expect(Array.from(r.eventIds ?? [])).toEqual([10n, 20n]);
    }
  });

  it("names expected and actual bytes when the data is cut off", () => {
    const bytes = npy("<f8", [1000], f64le([1, 2, 3]));
    expect(codeOf(() => readNpy(bytes, "scores.npy"))).toBe(
      "upload:truncated: scores.npy: shape (1000,) of <f8 needs 8000 bytes of data but the file holds 24; the upload was cut off, send the whole file again",
    );
  });

  it("refuses object, bool and structured dtypes, other shapes and non-integral ids", () => {
    expect(codeOf(() => readNpy(npy("|O", [1], new Uint8Array(8)), "s.npy"))).toMatch(
      /^upload:unsupported_dtype: .*'\|O'/,
    );
    expect(codeOf(() => readNpy(npy("|b1", [1], new Uint8Array(1)), "s.npy"))).toMatch(
      /^upload:unsupported_dtype/,
    );
    expect(
      codeOf(() => readNpy(npy("[('event_id', '<i8'), ('score', '<f8')]", [1], new Uint8Array(16)), "s.npy")),
    ).toMatch(/^upload:unsupported_dtype: s\.npy: structured/);
    expect(codeOf(() => readNpy(npy("<f8", [1, 3], f64le([1, 2, 3])), "s.npy"))).toMatch(
      /^upload:bad_shape: s\.npy: array shape \(1, 3\)/,
    );
    expect(codeOf(() => readNpy(npy("<f8", [2, 2, 1], f64le([1, 2, 3, 4])), "s.npy"))).toMatch(
      /^upload:bad_shape/,
    );
    expect(codeOf(() => readNpy(npy("<f8", [1, 2], f64le([0.5, 1])), "s.npy"))).toMatch(
      /^upload:bad_id: s\.npy: row 0 \(counting from 0\) has event_id 0\.5/,
    );
  });

  it("decodes float16 specials", () => {
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
  });
});

describe("npyBytes", () => {
  it("writes what np.load reads back (shape, dtype, values) and readNpy reads as (event_id, value)", () => {
    const data = Float64Array.of(0, 3000.5, 1, -2.25, 7, 1e300);
    const bytes = npyBytes(data, [3, 2]);
    expect((10 + (bytes[8] as number) + 256 * (bytes[9] as number)) % 64).toBe(0);
    const r = readNpy(bytes, "c.npy");
    expect(Array.from(r.eventIds ?? [])).toEqual([0n, 1n, 7n]);
    expect(Array.from(r.scores)).toEqual([3000.5, -2.25, 1e300]);
    const out = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        "import sys, io, numpy as np; a = np.load(io.BytesIO(sys.stdin.buffer.read())); print(a.dtype, a.shape, repr(a.tolist()))",
      ],
      { input: Buffer.from(bytes) },
    ).toString();
    expect(out.trim()).toBe("float64 (3, 2) [[0.0, 3000.5], [1.0, -2.25], [7.0, 1e+300]]");
  });
});
