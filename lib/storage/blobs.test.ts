import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BlobStore } from "./blobs";

describe("BlobStore", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-blobs-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = new BlobStore(dir);

  it("names blobs by SHA-256, stores them once, and reads them back", async () => {
    const bytes = new TextEncoder().encode("hello, black box");
    const a = store.put(bytes);
    // reference: `printf 'hello, black box' | sha256sum`
    expect(a.sha256).toBe("e825233211320c81a3df2c6fbcb9558490cb83ab76da6ca7c808b95314077f95");
    expect(a.created).toBe(true);
    expect(store.put(bytes)).toEqual({ ...a, created: false });
    expect(Buffer.from(store.read(a.sha256)).toString()).toBe("hello, black box");
    expect(store.size(a.sha256)).toBe(16);
    const chunks: Buffer[] = [];
    for await (const c of store.stream(a.sha256, { start: 7, end: 11 })) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe("black");
    expect(fs.readdirSync(path.dirname(store.pathOf(a.sha256))).filter((f) => f.endsWith(".tmp"))).toEqual(
      [],
    );
  });

  it("refuses names that are not digests (no path tricks)", () => {
    expect(() => store.pathOf("../../etc/passwd")).toThrow(/not a SHA-256/);
    expect(store.has("0".repeat(64))).toBe(false);
  });
});
