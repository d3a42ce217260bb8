import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
// Next's own code between a route handler's Response and the socket (as server/start.ts runs it):
// the bridge that drops Content-Length, and the compression every response passes through.
import { NodeNextRequest, NodeNextResponse } from "next/dist/server/base-http/node";
import { sendResponse } from "next/dist/server/send-response";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlobStore } from "@/lib/storage";
import { BODY_LENGTH_HEADER, restoreContentLength, setBodyLength } from "./content-length";
import { blobResponse } from "./download";

type Wire = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

describe("Content-Length through Next's route-handler bridge", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-length-"));
  const store = new BlobStore(dir);
  const bytes = randomBytes(200_003); // more than one stream chunk (64 KiB)
  const { sha256 } = store.put(bytes);
  let restore = true;
  let server: http.Server;
  let port = 0;

  beforeAll(async () => {
    const compress = (await import("next/dist/compiled/compression" as string)).default();
    server = http.createServer((req, res) => {
      if (restore) restoreContentLength(res); // what server/start.ts does, before Next sees res
      compress(req, res, () => {}); // what Next's router-server does next
      const url = `http://x${req.url}`;
      const request = new Request(url, { method: req.method, headers: req.headers as HeadersInit });
      let response: Response;
      if (req.url === "/text") {
        // Next hands a route's headers to Node as arrays, which its compression never recognises as
        // a compressible type; a plain string here makes this body one that does get gzipped.
        res.setHeader("content-type", "text/plain");
        const headers = new Headers({ "content-type": "text/plain" });
        const text = "anomaly ".repeat(4096);
        setBodyLength(headers, text.length);
        response = new Response(text, { headers });
      } else response = blobResponse(request, store, sha256, "c-b-public.h5");
      void sendResponse(new NodeNextRequest(req), new NodeNextResponse(res), response);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The raw answer, as a client sees it on the socket (no decompression). */
  const get = (p: string, method = "GET", headers: Record<string, string> = {}) =>
    new Promise<Wire>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: p, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      });
      req.on("error", reject);
      req.end();
    });

  it("Next drops the route's Content-Length: without the restore a download goes out chunked", async () => {
    restore = false;
    try {
      const r = await get("/file");
      expect(r.body.equals(bytes)).toBe(true);
      expect(r.headers["content-length"]).toBeUndefined();
      expect(r.headers["transfer-encoding"]).toBe("chunked");
    } finally {
      restore = true;
    }
  });

  it("restored: 200, 206 and HEAD send Content-Length equal to the bytes, and not the private header", async () => {
    const full = await get("/file");
    expect(full.status).toBe(200);
    expect(full.headers["content-length"]).toBe(String(bytes.length));
    expect(full.headers["transfer-encoding"]).toBeUndefined();
    expect(full.headers[BODY_LENGTH_HEADER]).toBeUndefined();
    expect(full.body.equals(bytes)).toBe(true);
    expect(full.headers["content-disposition"]).toBe('attachment; filename="c-b-public.h5"');

    const part = await get("/file", "GET", { range: "bytes=100-70099" });
    expect(part.status).toBe(206);
    expect(part.headers["content-length"]).toBe("70000");
    expect(part.body.equals(bytes.subarray(100, 70_100))).toBe(true);

    const head = await get("/file", "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String(bytes.length));
    expect(head.body.length).toBe(0);
  });

  it("a body compressed on the way keeps no (wrong) Content-Length", async () => {
    const r = await get("/text", "GET", { "accept-encoding": "gzip" });
    expect(r.headers["content-encoding"]).toBe("gzip");
    expect(r.headers["content-length"]).toBeUndefined();
    expect(gunzipSync(r.body).toString()).toBe("anomaly ".repeat(4096));
    const plain = await get("/text");
    expect(plain.headers["content-length"]).toBe(String(8 * 4096));
  });
});
