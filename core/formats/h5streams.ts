import { createInflate } from "node:zlib";
import { ScoreFileError } from "./errors";

/**
 * Refuse an HDF5 upload when its deflate streams, together, inflate past `maxBytes`.
 *
 * Why: HDF5's deflate filter grows its output buffer until a chunk's stream ends, whatever size the
 * chunk declares, so a ~1 MB stream of zeros in a chunk declared 8 MB inflates to 1 GiB inside the
 * wasm heap (which never shrinks). h5wasm exposes no chunk offsets, so every offset that starts like
 * a zlib stream (RFC 1950 header: CM 8, CINFO ≤ 7, FCHECK, no preset dictionary) — every real chunk
 * among them — is inflated here first, streaming, counting output and dropping it. The count is
 * shared by all offsets, so the work is bounded by `maxBytes` however the file is built; offsets that
 * merely look like a header stop at their first invalid code.
 *
 * @throws ScoreFileError `upload:too_large` naming the file, the byte offset and the limit.
 * @example
 * await checkDeflateStreams(h5Bytes, 8_000_000, "s.h5"); // resolves for an honest gzip'd file
 */
export async function checkDeflateStreams(
  bytes: Uint8Array,
  maxBytes: number,
  fileName: string,
): Promise<void> {
  let left = maxBytes;
  for (let p = 0; p + 2 < bytes.length; p++) {
    const cmf = bytes[p] as number;
    const flg = bytes[p + 1] as number;
    if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || (cmf * 256 + flg) % 31 !== 0 || flg & 0x20) continue;
    left -= await inflatedBytes(bytes.subarray(p), left + 1);
    if (left < 0) {
      throw new ScoreFileError(
        "upload:too_large",
        `${fileName}: its compressed data (at byte ${p}) decompresses to more than a score file for this black box can need (${maxBytes} bytes in all); save the scores with h5py (compression='gzip' or none) and send that file`,
        { offset: p, limit: maxBytes },
      );
    }
  }
}

/** Bytes a zlib stream at the start of `input` inflates to, counting stops at `cap`; never rejects. */
function inflatedBytes(input: Uint8Array, cap: number): Promise<number> {
  return new Promise((resolve) => {
    const z = createInflate();
    let out = 0;
    const done = () => {
      z.removeAllListeners();
      z.on("error", () => {}); // a late error of a stream we gave up on must not go unhandled
      z.destroy();
      resolve(out);
    };
    z.on("data", (chunk: Buffer) => {
      out += chunk.length;
      if (out >= cap) done();
    });
    z.on("error", done);
    z.on("end", done);
    z.end(input);
  });
}
