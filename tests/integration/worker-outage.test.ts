import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openDb } from "@/lib/db/client";
import { jobs, workers } from "@/lib/db/schema";
import { defineJob } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queue";
import { byKind, handle } from "@/lib/jobs/types";
import { createPostgresDatabase } from "../support/db";
import { type Child, killHard, spawnWorkerBundle, waitUntil } from "../support/processes";
import { startTcpProxy, withOutage } from "../support/tcp-proxy";
import { trackedWorker } from "../support/worker";

// Issue 18 item 1: PostgreSQL restarts while workers are idle and busy. Every worker must ride the
// outage out (no silent exit 0, no crash), and every job must be completed exactly once after it.

const OUTAGE_MS = 10_000;
const LEASE = "3";

/** Holds until the test opens the gate, touching no database meanwhile: it finishes mid-outage. */
const gate = { open: false };
const holdKind = defineJob("test-outage-hold", z.object({}));
const hold = handle(holdKind, {
  handler: async () => {
    while (!gate.open) await new Promise((r) => setTimeout(r, 50));
    return { held: true };
  },
});
/** Reports progress every 100 ms `steps` times: the outage lands between two of its queries. */
const stepsKind = defineJob("test-outage-steps", z.object({ steps: z.number().int() }));
const steps = handle(stepsKind, {
  handler: async ({ steps: n }, ctx) => {
    for (let i = 0; i < n; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await ctx.progress(i, n, "stepping");
    }
    return { steps: n };
  },
});
const DEFS = byKind(hold, steps);

describe.skipIf(!process.env.DATABASE_URL)("workers across a PostgreSQL outage", () => {
  it("keep running through a 10 s outage and complete every job exactly once", async () => {
    const h = await createPostgresDatabase();
    const proxy = await startTcpProxy(h.url);
    const viaProxy = await openDb({ url: proxy.url });
    const lines: string[] = [];
    const inProcess: Awaited<ReturnType<typeof trackedWorker>>[] = [];
    let child: Child | undefined;
    try {
      for (let i = 0; i < 3; i++) {
        const entry = await trackedWorker({
          db: viaProxy.db,
          mode: "standalone",
          leaseSeconds: Number(LEASE),
          pollMs: 100,
          definitions: DEFS,
          log: (l) => lines.push(l),
        });
        inProcess.push(entry);
      }
      // The real `npm run worker`, idle: before the fix it exited 0 as soon as its sockets closed.
      child = await spawnWorkerBundle({
        DATABASE_URL: proxy.url,
        ARENA_JOB_LEASE_SECONDS: LEASE,
        ARENA_WORKER_POLL_MS: "100",
      });
      await child.waitFor(/^worker \S+ started/m, 90_000);
      const childId = /^worker (\S+) started/m.exec(child.output())?.[1] as string;

      // Busy: one worker holds a job that will finish mid-outage, one is stepping through another.
      const held = await enqueue(h.db, holdKind, {});
      const stepping = await enqueue(h.db, stepsKind, { steps: 40 });
      const running = async () =>
        (
          await h.db
            .select()
            .from(jobs)
            .where(inArray(jobs.id, [held.id, stepping.id]))
        ).every((j) => j.status === "running");
      await waitUntil(running, 30_000, () => `jobs never started:\n${lines.join("\n")}`);

      const queued = await withOutage(proxy, OUTAGE_MS, async () => {
        // Queued while the database is unreachable for the workers (this connection is direct).
        const later = await Promise.all([1, 2, 3, 4].map(() => enqueue(h.db, stepsKind, { steps: 3 })));
        await new Promise((r) => setTimeout(r, 2000));
        gate.open = true; // the held job finishes while its completion cannot be recorded
        return later;
      });
      const restoredAt = new Date();

      const all = [held, stepping, ...queued].map((j) => j.id);
      await waitUntil(
        async () =>
          (await h.db.select().from(jobs).where(inArray(jobs.id, all))).every(
            (j) => j.status === "completed",
          ),
        90_000,
        () => `jobs not completed after the outage:\n${lines.join("\n")}`,
      );
      // The child is alive and beats again through the restored connection.
      await waitUntil(
        async () => {
          const [w] = await h.db.select().from(workers).where(eq(workers.id, childId));
          return (w?.lastBeat.getTime() ?? 0) > restoredAt.getTime();
        },
        30_000,
        () => `the npm run worker process never beat after the outage:\n${child?.output()}`,
      );

      expect(child.proc.exitCode).toBeNull();
      expect(child.proc.signalCode).toBeNull();
      expect(inProcess.map((w) => w.settled)).toEqual([false, false, false]);
      expect(child.output()).toMatch(/database connection lost/);
      expect(child.output()).toMatch(/database connection restored after \d+\.\d s/);

      // Exactly one completion counted per job, whichever worker it was.
      for (const id of all) {
        expect(
          lines.filter((l) => l.includes(` ${id}: completed`)),
          id,
        ).toHaveLength(1);
      }
      // One line when the database is lost and one when it is back, per worker: not one per retry.
      for (const { worker } of inProcess) {
        const mine = lines.filter((l) => l.startsWith(`worker ${worker.id}: database connection`));
        const lost = mine.filter((l) => l.includes("lost")).length;
        const restored = mine.filter((l) => l.includes("restored")).length;
        expect(lost).toBeGreaterThanOrEqual(1);
        expect(restored).toBe(lost);
      }
      // The held job's worker could not record its completion during the outage and did after it.
      expect(
        lines.some(
          (l) => l.includes(`${held.id}: completed`) || l.includes(`${held.id}: finished after losing`),
        ),
      ).toBe(true);
      // The stepping job lost the database mid-run and was handed back or re-claimed, not failed.
      const [s] = await h.db.select().from(jobs).where(eq(jobs.id, stepping.id));
      expect(s?.status).toBe("completed");
      expect(lines.filter((l) => l.includes(stepping.id) && /attempt \d+ failed/.test(l))).toEqual([]);
    } finally {
      gate.open = true;
      await Promise.all(inProcess.map((w) => w.worker.stop().catch(() => {})));
      if (child) {
        const exited = new Promise<number | null>((r) => child?.proc.once("exit", (code) => r(code)));
        child.proc.kill("SIGTERM");
        const code = await Promise.race([
          exited,
          new Promise<null>((r) => setTimeout(() => r(null), 15_000)),
        ]);
        if (code === null) await killHard(child);
      }
      await viaProxy.close();
      await proxy.close();
      await h.close();
    }
  }, 240_000);
});
