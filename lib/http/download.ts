import "server-only";
import { Readable } from "node:stream";
import type { BlobStore } from "@/lib/storage";
import { setBodyLength } from "./content-length";

/**
 * Serve a stored blob as a download: strong ETag (the SHA-256), `If-None-Match` → 304, a single
 * `Range: bytes=a-b` → 206 with Content-Range (unsatisfiable → 416), streamed from disk; 200 and
 * 206 carry `Content-Length` (the bytes of the body sent; restored past Next by server/start.ts,
 * see content-length.ts). HEAD answers with the same headers and no body (no file is opened).
 */
export function blobResponse(req: Request, store: BlobStore, sha256: string, fileName: string): Response {
  const size = store.size(sha256);
  const etag = `"${sha256}"`;
  const headers = new Headers({
    etag,
    "accept-ranges": "bytes",
    "content-type": "application/x-hdf5",
    "content-disposition": `attachment; filename="${fileName}"`,
    "cache-control": "private, no-cache",
  });
  if (
    req.headers
      .get("if-none-match")
      ?.split(",")
      .some((t) => t.trim() === etag)
  ) {
    return new Response(null, { status: 304, headers });
  }
  const head = req.method === "HEAD";
  const range = req.headers.get("range");
  if (range) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
    let start = m?.[1] ? Number(m[1]) : Number.NaN;
    let end = m?.[2] ? Number(m[2]) : size - 1;
    if (m && !m[1] && m[2]) {
      start = Math.max(0, size - Number(m[2])); // suffix range: the last N bytes
      end = size - 1;
    }
    if (!m || Number.isNaN(start) || start > end || start >= size) {
      headers.set("content-range", `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    end = Math.min(end, size - 1);
    headers.set("content-range", `bytes ${start}-${end}/${size}`);
    setBodyLength(headers, end - start + 1);
    return new Response(head ? null : toWeb(store.stream(sha256, { start, end })), { status: 206, headers });
  }
  setBodyLength(headers, size);
  return new Response(head ? null : toWeb(store.stream(sha256)), { status: 200, headers });
}

const toWeb = (s: Readable) => Readable.toWeb(s) as unknown as ReadableStream<Uint8Array>;
