import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { startWorker } from "@/lib/jobs/runner";
import { testDatabases } from "../support/db";

describe.each(testDatabases())("GET /api/health on $name", ({ name, open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await h.close();
  });

  it("is 503 without a live worker and 200 with one", async () => {
    let res = await GET();
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ok: false,
      db: name,
      worker: { alive: false, lastBeat: null },
      device: "none",
    });
    const worker = await startWorker({
      db: h.db,
      mode: "embedded",
      leaseSeconds: 5,
      pollMs: 50,
      log: () => {},
    });
    try {
      res = await GET();
      const body = await res.json();
      expect(res.status).toBe(200);
      expect(body).toMatchObject({ ok: true, db: name, worker: { alive: true }, device: "cpu" });
      expect(Date.now() - Date.parse(body.worker.lastBeat)).toBeLessThan(10_000);
    } finally {
      await worker.stop();
    }
  });
});
