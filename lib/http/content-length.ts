import type { ServerResponse } from "node:http";

/**
 * The header through which a route handler hands its body's length in bytes to `npm start`
 * (server/start.ts). Next's route-handler bridge drops `Content-Length` from every Response it
 * sends (`FORBIDDEN_HEADERS` in next/dist/server/send-response.js, Next 16), so a 50 MB download
 * would go out chunked: no size in the browser's download bar, none for `requests` or `curl -I`.
 */
export const BODY_LENGTH_HEADER = "x-arena-body-length";

/** Set `Content-Length` (for callers of the Response itself) and its copy that survives Next. */
export function setBodyLength(headers: Headers, bytes: number): void {
  headers.set("content-length", String(bytes));
  headers.set(BODY_LENGTH_HEADER, String(bytes));
}

/**
 * Make one Node response send `BODY_LENGTH_HEADER` as `Content-Length` when its headers go out (and
 * never the private header itself). Skipped when the body is compressed on the way
 * (`Content-Encoding` set by Next's compression, which runs first): that length would be wrong.
 * Call it before handing `res` to Next.
 */
export function restoreContentLength(res: ServerResponse): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const value = this.getHeader(BODY_LENGTH_HEADER);
    if (value !== undefined) {
      this.removeHeader(BODY_LENGTH_HEADER);
      const bytes = String(Array.isArray(value) ? value[0] : value);
      if (/^\d+$/.test(bytes) && !this.hasHeader("content-encoding") && !this.hasHeader("content-length"))
        this.setHeader("content-length", bytes);
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
  } as typeof res.writeHead;
}
