import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { BlobStore, sealDataDir } from "@/lib/storage";
import { ensureAuthSecret } from "@/server/bootstrap";

// Issue 15 §4: sealed truth blobs were 0644 in 0755 folders under a 0755 data directory, so any
// account on the host could read the answer key (and PGlite's files, and the auth secret's folder).
// The attack is another user's read; its precondition is a group/other bit on the path.

const root = fs.mkdtempSync(path.join(os.tmpdir(), "arena-modes-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => fs.statSync(p).mode & 0o777;
/** What another account on the host could do: nothing, whatever the umask (0022 here). */
const othersMay = (p: string) => mode(p) & 0o077;

describe("truth sealing: file modes on the host", () => {
  it("blobs are 0600 in 0700 folders, whether written or moved in", async () => {
    const store = new BlobStore(path.join(root, "data1"));
    const truth = store.put(new TextEncoder().encode("label 0 1 1 0 — the answer key"));
    const file = store.pathOf(truth.sha256);
    expect(othersMay(file)).toBe(0);
    expect(othersMay(path.dirname(file))).toBe(0);
    expect(othersMay(store.root)).toBe(0);
    const big = path.join(root, "public.h5.tmp");
    fs.writeFileSync(big, "a built public file", { mode: 0o644 });
    const moved = await store.putFile(big);
    expect(mode(store.pathOf(moved.sha256))).toBe(0o600);
  });

  it("npm start's data directory and its auth secret are the owner's alone", () => {
    const dir = path.join(root, "fresh", "arena");
    const saved = { dir: process.env.ARENA_DATA_DIR, secret: process.env.AUTH_SECRET };
    process.env.ARENA_DATA_DIR = dir;
    delete process.env.AUTH_SECRET;
    resetEnvCache();
    try {
      ensureAuthSecret();
      expect(othersMay(dir)).toBe(0);
      expect(mode(path.join(dir, "auth-secret"))).toBe(0o600);
    } finally {
      process.env.ARENA_DATA_DIR = saved.dir;
      if (saved.secret === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved.secret;
      resetEnvCache();
    }
  });

  it("the embedded PGlite directory is 0700, and so is the data directory it is made in", async () => {
    const dir = path.join(root, "pg", "arena");
    const h = await openDb({ dataDir: path.join(dir, "pgdata") });
    await h.close();
    expect(othersMay(dir)).toBe(0);
    expect(othersMay(path.join(dir, "pgdata"))).toBe(0);
  }, 60_000);

  it("a data directory an older version left readable is sealed at start", () => {
    const dir = path.join(root, "old");
    const blob = path.join(dir, "blobs", "ab", "cdef");
    fs.mkdirSync(path.dirname(blob), { recursive: true, mode: 0o755 });
    fs.mkdirSync(path.join(dir, "pgdata"), { mode: 0o755 });
    fs.writeFileSync(blob, "truth", { mode: 0o644 });
    fs.writeFileSync(path.join(dir, "auth-secret"), "s", { mode: 0o644 });
    fs.chmodSync(dir, 0o755);
    sealDataDir(dir);
    expect([dir, path.join(dir, "pgdata"), path.join(dir, "blobs"), path.dirname(blob)].map(mode)).toEqual([
      0o700, 0o700, 0o700, 0o700,
    ]);
    expect([blob, path.join(dir, "auth-secret")].map(mode)).toEqual([0o600, 0o600]);
  });
});
