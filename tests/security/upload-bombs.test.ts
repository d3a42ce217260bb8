import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deflateSync, gzipSync, inflateSync } from "node:zlib";
import h5wasm from "h5wasm/node";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { npyBytes } from "@/core/formats/npy";
import { uploadDecodeLimit } from "@/core/formats/scores";
import { submissionSettings } from "@/lib/submissions/config";
import { type UploadInput, validateUpload } from "@/lib/submissions/validate";

// Attack (issue 15 §12): a ~1 MB .h5 whose `scores` dataset declares 2^27 gzip-compressed float64
// zeros. Reading it inflated 1 GiB in the wasm heap (which never shrinks) and copied it twice more
// into JavaScript before the length check said 422. The declared shape must be refused first.

const N = 100_000; // events in the box
const BOMB_ROWS = 2 ** 27;
const CHUNK = 2 ** 20;
/** RSS growth allowed for four bombs read at once (the old code grew by several GiB). */
const RSS_BOUND_MB = 300;

const settings = submissionSettings({ scoringConfig: {}, quotas: {} });
const events = async () => ({
  eventIds: BigInt64Array.from({ length: N }, (_, i) => BigInt(i)),
  mass: new Float64Array(N),
});
const upload = (bytes: Uint8Array, fileName: string): UploadInput => ({ kind: "scores", bytes, fileName });

/** The bomb, written by h5wasm: 128 gzip chunks of 2^20 zeros, resized into one [2^27] dataset. */
async function hdf5Bomb(): Promise<Uint8Array> {
  await h5wasm.ready;
  const p = path.join(os.tmpdir(), `arena-bomb-${process.pid}.h5`);
  const file = new h5wasm.File(p, "w");
  try {
    const zeros = new Float64Array(CHUNK);
    const ds = file.create_dataset({
      name: "scores",
      data: zeros,
      shape: [CHUNK],
      maxshape: [null],
      chunks: [CHUNK],
      compression: "gzip",
      compression_opts: 9,
      dtype: "<d",
    });
    ds.resize([BOMB_ROWS]);
    for (let at = CHUNK; at < BOMB_ROWS; at += CHUNK) ds.write_slice([[at, at + CHUNK]], zeros);
  } finally {
    file.close();
  }
  const bytes = new Uint8Array(fs.readFileSync(p));
  fs.rmSync(p);
  return bytes;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe("decompression bombs in score uploads", () => {
  let bomb: Uint8Array;

  beforeAll(async () => {
    bomb = await hdf5Bomb();
    // Warm up: h5wasm loaded and one honest HDF5 upload read, so the RSS below is the bombs' alone.
    const honest = await h5FileOf(new Float64Array(N).map((_, i) => i / N));
    await validateUpload(upload(honest, "honest.h5"), settings, events, N);
  }, 120_000);

  it("refuses a 1 MB HDF5 file declaring 2^27 float64 scores from its declared shape", async () => {
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const e = await refusal(validateUpload(upload(bomb, "bomb.h5"), settings, events, N));
    expect(e.code).toBe("validation");
    expect(e.details?.reason).toBe("upload:too_large");
    expect(e.message).toMatch(/bomb\.h5: \/scores declares shape \[134217728\]/);
  });

  it(`reads four bombs at once with RSS growing less than ${RSS_BOUND_MB} MB`, async () => {
    const before = process.memoryUsage().rss;
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((k) => validateUpload(upload(bomb, `bomb${k}.h5`), settings, events, N)),
    );
    // Peak resident set of this process so far (KiB): covers memory freed again before we look.
    const peak = process.resourceUsage().maxRSS * 1024;
    const grownMb = (Math.max(peak, process.memoryUsage().rss) - before) / 2 ** 20;
    console.info(`4 parallel HDF5 bombs: RSS grew ${grownMb.toFixed(0)} MB (peak over the start)`);
    for (const r of results) expect(r.status).toBe("rejected");
    expect(grownMb).toBeLessThan(RSS_BOUND_MB);
  });

  it("refuses an HDF5 chunk whose deflate stream inflates far past the chunk's declared size", async () => {
    // A dataset of exactly N float64 scores in one gzip chunk (declared: 800 kB), whose stream is then
    // overwritten in place by a ~260 kB stream of 256 MiB zeros. HDF5 inflates a chunk's stream to its
    // end whatever the chunk declares; the old code inflated all of it (twice) and accepted N zeros.
    const noise = Float64Array.from({ length: N }, (_, i) => Math.sin(i * 12.9898) * 43758.5453);
    const honest = await h5FileOf(noise, { chunks: [N], compression: "gzip", compression_opts: 1 });
    const raw = new Uint8Array(noise.buffer);
    const at = zlibStreamOf(honest, raw.length);
    const bomb = new Uint8Array(deflateSync(new Uint8Array(2 ** 28), { level: 9 }));
    const stream = inflateSync(honest.subarray(at)).length === raw.length ? honest.length - at : 0;
    expect(bomb.length).toBeLessThan(stream);
    const crafted = honest.slice();
    crafted.set(bomb, at);
    const e = await refusal(validateUpload(upload(crafted, "chunk.h5"), settings, events, N));
    expect(e.details?.reason).toBe("upload:too_large");
    expect(e.message).toMatch(/chunk\.h5: its compressed data \(at byte \d+\) decompresses to more than/);
  });

  it("caps gzip inflation by the box's event count, not by the 512 MiB upload default", async () => {
    // 2^25 float64 zeros (256 MiB) in a ~256 KB .npy.gz: the old cap let all of it inflate.
    const big = npyBytes(new Float64Array(2 ** 25), [2 ** 25]);
    const gz = new Uint8Array(gzipSync(big, { level: 9 }));
    const e = await refusal(validateUpload(upload(gz, "bomb.npy.gz"), settings, events, N));
    expect(e.details?.reason).toBe("upload:too_large");
    expect(e.message).toContain(`decompresses to more than ${uploadDecodeLimit(N)} bytes`);
  });

  it("refuses an .npy whose header declares more rows than the box needs before widening it", async () => {
    // int8 data: 8 MB on the wire, 64 MB once widened to float64; declared rows 80× the box.
    const rows = 80 * N;
    const int8 = npyOf("|i1", rows, new Uint8Array(rows));
    const e = await refusal(validateUpload(upload(int8, "wide.npy"), settings, events, N));
    expect(e.details?.reason).toBe("upload:too_large");
    expect(e.message).toMatch(/wide\.npy: shape \(8000000,\) holds 8000000 rows/);
  });
});

async function h5FileOf(
  scores: Float64Array,
  storage: { chunks?: number[]; compression?: "gzip"; compression_opts?: number } = {},
): Promise<Uint8Array> {
  await h5wasm.ready;
  const p = path.join(os.tmpdir(), `arena-honest-${process.pid}.h5`);
  const file = new h5wasm.File(p, "w");
  try {
    file.create_dataset({ name: "scores", data: scores, shape: [scores.length], dtype: "<d", ...storage });
  } finally {
    file.close();
  }
  const bytes = new Uint8Array(fs.readFileSync(p));
  fs.rmSync(p);
  return bytes;
}

/** Offset of the zlib stream in `bytes` that inflates to exactly `size` bytes (the chunk written above). */
function zlibStreamOf(bytes: Uint8Array, size: number): number {
  for (let p = 0; p + 2 < bytes.length; p++) {
    if (bytes[p] !== 0x78 || ((bytes[p] as number) * 256 + (bytes[p + 1] as number)) % 31 !== 0) continue;
    try {
      if (inflateSync(bytes.subarray(p)).length === size) return p;
    } catch {
      // not a stream start
    }
  }
  throw new Error("the chunk's zlib stream was not found");
}

/** A version-1.0 .npy with raw `data` bytes under the header `descr`, shape (rows,). */
function npyOf(descr: string, rows: number, data: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${rows},), }`;
  while ((10 + header.length + 1) % 64 !== 0) header += " ";
  header += "\n";
  const out = new Uint8Array(10 + header.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}
