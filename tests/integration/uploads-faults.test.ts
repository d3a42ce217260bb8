import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "../support/api";
import * as submissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import type { Actor } from "@/lib/auth/actor";
import { type DbHandle, openDb, setDbHandle } from "@/lib/db/client";
import { submissions } from "@/lib/db/schema";
import { resetEnvCache } from "@/lib/env";
import { testDatabases } from "../support/db";
import { params, scoresCsv, setup, upload } from "../support/faults";
import { blobFiles, errorOf, send } from "../support/uploads";

// Issue 18 items 3 and 4: uploads while the database is down (503 + Retry-After, nothing stored)
// and on a full disk (507, no partial files left). Retries: uploads-idempotency.test.ts.

function startingUpServer(): net.Server {
  const fields = [
    "SFATAL",
    "VFATAL",
    "C57P03",
    "Mthe database system is starting up",
    "Fpostmaster.c",
    "L2300",
    "RProcessStartupPacket",
  ];
  const payload = Buffer.from(`${fields.join("\0")}\0\0`, "utf8");
  const msg = Buffer.alloc(5 + payload.length);
  msg.write("E", 0);
  msg.writeUInt32BE(4 + payload.length, 1);
  payload.copy(msg, 5);
  return net.createServer((s) => {
    s.once("data", () => s.end(msg));
    s.on("error", () => {});
  });
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as net.AddressInfo).port;
}

describe("uploads while the database cannot be reached", () => {
  const servers: net.Server[] = [];
  const sockets: net.Socket[] = [];
  let closedPort = 0;
  let handles: DbHandle[] = [];
  const alice: Actor = {
    id: randomUUID(),
    email: "alice@test.arena",
    name: "Alice",
    role: "participant",
    via: "session",
  };

  beforeAll(async () => {
    const probe = net.createServer();
    closedPort = await listen(probe);
    await new Promise((r) => probe.close(r));
  });
  afterEach(async () => {
    session.current = null;
    setDbHandle(undefined);
    for (const h of handles) await h.close().catch(() => {});
    handles = [];
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) await new Promise((r) => s.close(r));
  });

  async function useUrl(port: number) {
    const h = await openDb({ url: `postgres://postgres:hunter2@127.0.0.1:${port}/arena` });
    handles.push(h);
    setDbHandle(h);
  }

  async function expectUnavailable(as: Actor | string) {
    const blobs = blobFiles();
    const r = await send(submissionsRoute.POST, {
      params,
      as,
      body: scoresCsv(),
      query: { kind: "scores", filename: "scores.csv" },
      headers: { "Idempotency-Key": randomUUID() },
    });
    expect(r.status, r.text).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
    expect(r.body).toEqual({
      error: {
        code: "database_unavailable",
        message: "The database is unreachable; nothing was stored. Retry in a few seconds.",
      },
    });
    expect(blobFiles()).toEqual(blobs);
  }

  it("answers 503 with Retry-After when the port is closed (session and token callers)", async () => {
    await useUrl(closedPort);
    await expectUnavailable(alice);
    await expectUnavailable(`arena_${"A".repeat(32)}`);
  });

  it("answers 503 when the database is starting up (57P03)", async () => {
    const server = startingUpServer();
    servers.push(server);
    await useUrl(await listen(server));
    await expectUnavailable(alice);
    await expectUnavailable(alice);
  });

  // A server that accepts and never answers: the 5 s connect_timeout, not postgres.js's 30 s
  // default, must end it (the test's 20 s limit is four times the timeout).
  it("answers 503 when the database accepts connections but never answers", { timeout: 20_000 }, async () => {
    const server = net.createServer((s) => {
      sockets.push(s);
      s.on("error", () => {});
    });
    servers.push(server);
    await useUrl(await listen(server));
    await expectUnavailable(alice);
  });
});

describe.each(testDatabases())("a full disk, or a database failing mid-upload, on $name", ({ open }) => {
  let h: DbHandle;
  let alice: Actor;
  const realDir = process.env.ARENA_DATA_DIR;
  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    ({ alice } = await setup(h.db));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.env.ARENA_DATA_DIR = realDir;
    resetEnvCache();
  });
  afterAll(async () => {
    session.current = null;
    setDbHandle(undefined);
    await h.close();
  });

  async function expectFull(bytes: Uint8Array, dataDir: string) {
    const before = (await h.db.select({ id: submissions.id }).from(submissions)).length;
    const r = await upload(alice, bytes, { "Idempotency-Key": randomUUID() });
    expect(r.status, r.text).toBe(507);
    expect(r.body).toEqual({
      error: {
        code: "storage_full",
        message: "The server's storage is full; nothing was stored. Tell the organizers.",
      },
    });
    expect((await h.db.select({ id: submissions.id }).from(submissions)).length).toBe(before);
    const left: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true }))
        e.isDirectory() ? walk(path.join(d, e.name)) : left.push(e.name);
    };
    walk(dataDir);
    return left;
  }

  it("answers 503 and removes the stored files when the database fails after they were written", async () => {
    // A trigger raises admin_shutdown (57P01) on the insert: the blobs are on disk by then.
    await h.db.execute(
      sql.raw(`create function arena_test_down() returns trigger language plpgsql as $$
      begin raise exception 'terminating connection due to administrator command' using errcode = '57P01'; end $$`),
    );
    await h.db.execute(
      sql.raw(
        "create trigger arena_test_down before insert on submissions for each row execute function arena_test_down()",
      ),
    );
    try {
      const blobs = blobFiles();
      const before = (await h.db.select({ id: submissions.id }).from(submissions)).length;
      const r = await upload(alice, scoresCsv(), { "Idempotency-Key": randomUUID() });
      expect(r.status).toBe(503);
      expect(r.headers.get("retry-after")).toBe("5");
      expect(errorOf(r).code).toBe("database_unavailable");
      expect(blobFiles()).toEqual(blobs);
      expect((await h.db.select({ id: submissions.id }).from(submissions)).length).toBe(before);
    } finally {
      await h.db.execute(sql.raw("drop trigger arena_test_down on submissions"));
      await h.db.execute(sql.raw("drop function arena_test_down"));
    }
  });

  // Where this user may mount (root in a container), a real 8 KiB tmpfs; elsewhere skipped, the
  // injected failures below still run.
  it("answers 507 and leaves no partial file on a real full tmpfs", async (ctx) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-full-"));
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=8k", "tmpfs", dir], { encoding: "utf8" });
    if (mount.status !== 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      ctx.skip();
    }
    try {
      process.env.ARENA_DATA_DIR = dir;
      resetEnvCache();
      const bytes = scoresCsv();
      expect(bytes.length).toBeGreaterThan(8 * 1024);
      expect(await expectFull(bytes, dir)).toEqual([]);
    } finally {
      spawnSync("umount", [dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers 507 and removes the first file when the second write hits ENOSPC", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-full-"));
    process.env.ARENA_DATA_DIR = dir;
    resetEnvCache();
    const real = fs.writeFileSync;
    let writes = 0;
    // The first blob (the upload as sent) is written; the second (the validated scores) fails
    // half-way, as a full disk does: part of the file written, then ENOSPC.
    vi.spyOn(fs, "writeFileSync").mockImplementation((file, data, opts) => {
      writes += 1;
      if (writes === 1 || !(data instanceof Uint8Array)) return real(file, data, opts);
      real(file, data.subarray(0, data.length >> 1), opts);
      throw Object.assign(new Error(`ENOSPC: no space left on device, write`), {
        code: "ENOSPC",
        errno: -28,
      });
    });
    try {
      expect(await expectFull(scoresCsv(), dir)).toEqual([]);
      expect(writes).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
