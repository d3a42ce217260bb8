import { gunzipSync } from "node:zlib";
import { ScoreFileError } from "./errors";

/** Decompressed uploads larger than this (512 MiB) are refused (a gzip bomb costs nothing to send). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024;

/**
 * gzip streams start with 0x1f 0x8b (RFC 1952 §2.3.1); the file name is not trusted. Never throws.
 *
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 0x08])); // → true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflate a gzip upload with `zlib.gunzipSync` (concatenated members too), capped at `maxBytes` of
 * output. Returns a view on the inflated bytes.
 *
 * @throws ScoreFileError `upload:too_large` past `maxBytes`, `upload:truncated` for a stream cut short,
 *   `upload:corrupt` for any other zlib failure.
 * @example
 * new TextDecoder().decode(gunzipUpload(gzipSync("0.5\n"), "s.txt.gz")); // → "0.5\n"
 */
export function gunzipUpload(
  bytes: Uint8Array,
  fileName: string,
  maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
): Uint8Array {
  try {
    const out = gunzipSync(bytes, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
      throw new ScoreFileError(
        "upload:too_large",
        `${fileName}: decompresses to more than ${maxBytes} bytes; a score file is one number per event`,
        { maxBytes },
      );
    }
    if (/unexpected end/i.test((e as Error).message)) {
      throw new ScoreFileError(
        "upload:truncated",
        `${fileName}: the gzip stream ends early; the upload was cut off, send the whole file again`,
      );
    }
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: starts like gzip but does not decompress (${(e as Error).message}); send it again or uncompressed`,
    );
  }
}
