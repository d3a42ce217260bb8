import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { DbHandle } from "@/lib/db/client";
import { blackBoxes, challenges, jobs } from "@/lib/db/schema";
import { DEMO_CHALLENGE_SLUG } from "@/lib/demo/seed";
import { defineJob, jobs as kinds } from "@/lib/jobs/definitions";
import {
  backoffSeconds,
  claimJob,
  completeJob,
  enqueue,
  failJob,
  getJob,
  heartbeatJob,
} from "@/lib/jobs/queue";
import { workerHealth } from "@/lib/jobs/workers";
import { startWorker } from "@/lib/jobs/runner";
import { handle } from "@/lib/jobs/types";
import { testDatabases } from "../support/db";

const testKind = defineJob("test-kind", z.object({ n: z.number().optional() }));
const otherKind = defineJob("other-kind", z.object({}));
const KIND = [testKind.kind];

/** Pretend time passed for one job: move its lease (or retry time) into the past. */
async function expire(h: DbHandle, id: string) {
  await h.db
    .update(jobs)
    .set({ leaseExpiresAt: sql`now() - interval '1 second'`, runAt: sql`now() - interval '1 second'` })
    .where(eq(jobs.id, id));
}

describe.each(testDatabases())("job queue on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h.close();
  });

  it("enqueues a singleton key once", async () => {
    const a = await enqueue(h.db, testKind, { n: 1 }, { singletonKey: "once" });
    const b = await enqueue(h.db, testKind, { n: 2 }, { singletonKey: "once" });
    expect(b.id).toBe(a.id);
    expect(b.payload).toEqual({ n: 1 });
    // Clean up so later claims see only their own jobs.
    await h.db.delete(jobs).where(eq(jobs.id, a.id));
  });

  it("enqueues a definition's kind with the payload as given, and refuses a bad payload before the insert", async () => {
    const boxId = randomUUID();
    const job = await enqueue(h.db, kinds.baseline, { boxId, method: "ae" }, { maxAttempts: 3 });
    expect(job).toMatchObject({ kind: "baseline", payload: { boxId, method: "ae" }, maxAttempts: 3 });
    expect(job.status).toBe("queued");
    // Stored as given: the default reason ("live") is applied when the handler parses it.
    const scoring = await enqueue(h.db, kinds.scoreSubmission, { submissionId: boxId });
    expect(scoring.kind).toBe("score-submission");
    expect(scoring.payload).toEqual({ submissionId: boxId });
    const before = (await h.db.select().from(jobs)).length;
    // @ts-expect-error the plain bump hunt is not a score baseline: no job computes its scores
    const bad = enqueue(h.db, kinds.baseline, { boxId, method: "bump-hunt" });
    await expect(bad).rejects.toThrow(/^enqueue baseline: invalid payload/);
    await expect(enqueue(h.db, kinds.scoreSubmission, { submissionId: "42" })).rejects.toThrow(
      /submissionId/,
    );
    expect(await h.db.select().from(jobs)).toHaveLength(before);
    await h.db.delete(jobs).where(inArray(jobs.id, [job.id, scoring.id]));
  });

  it("hands one job to one worker; others get nothing while the lease holds", async () => {
    const job = await enqueue(h.db, testKind, {});
    const [first, second] = await Promise.all([
      claimJob(h.db, "w1", { kinds: KIND, leaseSeconds: 30 }),
      claimJob(h.db, "w2", { kinds: KIND, leaseSeconds: 30 }),
    ]);
    const claimed = [first, second].filter(Boolean);
    expect(claimed).toHaveLength(1);
    expect(claimed[0]?.id).toBe(job.id);
    expect(claimed[0]?.attempts).toBe(1);
    expect(await claimJob(h.db, "w3", { kinds: KIND, leaseSeconds: 30 })).toBeUndefined();
    expect(await completeJob(h.db, claimed[0]!, claimed[0]!.lockedBy!, { done: true })).toBe(true);
  });

  it("re-claims a job whose lease ran out, and refuses the stale worker's completion", async () => {
    const job = await enqueue(h.db, testKind, {});
    const a = await claimJob(h.db, "dead-worker", { kinds: KIND, leaseSeconds: 30 });
    expect(a?.id).toBe(job.id);
    await expire(h, job.id);
    const b = await claimJob(h.db, "live-worker", { kinds: KIND, leaseSeconds: 30 });
    expect(b?.id).toBe(job.id);
    expect(b?.attempts).toBe(2);
    // The first worker wakes up: its heartbeat and completion no longer count.
    expect(await heartbeatJob(h.db, a!, "dead-worker", 30)).toBe(false);
    expect(await completeJob(h.db, a!, "dead-worker", { by: "dead" })).toBe(false);
    expect(await completeJob(h.db, b!, "live-worker", { by: "live" })).toBe(true);
    expect(await completeJob(h.db, b!, "live-worker", { by: "again" })).toBe(false);
    const row = await getJob(h.db, job.id);
    expect(row?.status).toBe("completed");
    expect(row?.result).toEqual({ by: "live" });
  });

  it("retries a failure with exponential backoff, then dead-letters it", async () => {
    const job = await enqueue(h.db, testKind, {}, { maxAttempts: 2 });
    const a = await claimJob(h.db, "w", { kinds: KIND, leaseSeconds: 30 });
    expect(await failJob(h.db, a!, "w", "boom 1")).toBe("retry");
    let row = await getJob(h.db, job.id);
    expect(row?.status).toBe("queued");
    expect(row?.lastError).toBe("boom 1");
    const delay = (row!.runAt.getTime() - Date.now()) / 1000;
    expect(delay).toBeGreaterThan(backoffSeconds(1) - 2);
    // Not runnable before its backoff has passed.
    expect(await claimJob(h.db, "w", { kinds: KIND, leaseSeconds: 30 })).toBeUndefined();
    await expire(h, job.id);
    const b = await claimJob(h.db, "w", { kinds: KIND, leaseSeconds: 30 });
    expect(b?.attempts).toBe(2);
    expect(await failJob(h.db, b!, "w", "boom 2")).toBe("dead");
    row = await getJob(h.db, job.id);
    expect(row?.status).toBe("dead");
    expect(row?.finishedAt).not.toBeNull();
  });

  it("dead-letters a job whose worker keeps dying on its last attempt", async () => {
    const job = await enqueue(h.db, testKind, {}, { maxAttempts: 1 });
    await claimJob(h.db, "w", { kinds: KIND, leaseSeconds: 30 });
    await expire(h, job.id);
    expect(await claimJob(h.db, "w2", { kinds: KIND, leaseSeconds: 30 })).toBeUndefined();
    const row = await getJob(h.db, job.id);
    expect(row?.status).toBe("dead");
    expect(row?.lastError).toMatch(/lease expired/);
  });

  it("re-queues a dead singleton job when asked (npm start retries a failed demo seed)", async () => {
    const job = await enqueue(h.db, otherKind, {}, { singletonKey: "retry-me", maxAttempts: 1 });
    const a = await claimJob(h.db, "w", { kinds: [otherKind.kind], leaseSeconds: 30 });
    expect(await failJob(h.db, a!, "w", "broken")).toBe("dead");
    expect((await enqueue(h.db, otherKind, {}, { singletonKey: "retry-me" })).status).toBe("dead");
    const again = await enqueue(h.db, otherKind, {}, { singletonKey: "retry-me", retryIfDead: true });
    expect(again).toMatchObject({ id: job.id, status: "queued", attempts: 0 });
    expect((await claimJob(h.db, "w", { kinds: [otherKind.kind], leaseSeconds: 30 }))?.id).toBe(job.id);
  });

  it("backoff doubles from 5 s and is capped at 10 minutes", () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(30)).toBe(600);
  });

  it("runs the demo seed in the background with progress, once, and reports worker health", async () => {
    // The demo's size comes with the job (the web process's ARENA_DEMO_EVENTS), not from the
    // worker's environment, which says 100 000 here (tests/support/setup-integration.ts).
    const job = await enqueue(
      h.db,
      kinds.seedDemo,
      { organizerEmail: "nobody@test.arena", events: 20_000 },
      { singletonKey: "seed-demo:test" },
    );
    const worker = await startWorker({
      db: h.db,
      mode: "embedded",
      leaseSeconds: 5,
      pollMs: 50,
      log: () => {},
    });
    try {
      await worker.idle();
      const row = await getJob(h.db, job.id);
      expect(row?.status).toBe("completed");
      expect(row?.progress).toEqual({ step: 3, of: 3, message: "done" });
      expect(row?.result).toMatchObject({ organizer: false, boxes: ["rnd", "bb1", "bb2", "bb3"] });
      // The seed queued one build per built-in box; each built box opened itself.
      const boxes = await h.db.select().from(blackBoxes);
      expect(boxes.map((b) => [b.slug, b.status, b.buildStatus, b.eventCount]).sort()).toEqual([
        ["bb1", "open", "built", 20_000],
        ["bb2", "open", "built", 20_000],
        ["bb3", "open", "built", 20_000],
        ["rnd", "open", "built", 20_000],
      ]);
      const health = await workerHealth(h.db);
      expect(health.alive).toBe(true);
      expect(health.lastBeat).not.toBeNull();
    } finally {
      await worker.stop();
    }
    expect((await workerHealth(h.db)).alive).toBe(false);
    // Running the job again (as after a crash) does not create a second challenge.
    const again = await enqueue(h.db, kinds.seedDemo, { organizerEmail: "nobody@test.arena" });
    const w2 = await startWorker({ db: h.db, mode: "embedded", leaseSeconds: 5, pollMs: 50, log: () => {} });
    await w2.idle();
    await w2.stop();
    expect((await getJob(h.db, again.id))?.status).toBe("completed");
    const rows = await h.db.select().from(challenges).where(eq(challenges.slug, DEMO_CHALLENGE_SLUG));
    expect(rows).toHaveLength(1);
    // A hang guard, not a speed check: four 20k-event builds, their baselines (four autoencoders)
    // and bump hunts take 40–60 s on two shared cores, too close to the suite's 60 s default.
  }, 180_000);

  it("a handler that throws is retried by the worker and its error recorded", async () => {
    let calls = 0;
    const flakyKind = defineJob("flaky", z.object({}));
    const flaky = handle(flakyKind, {
      handler: async () => {
        calls += 1;
        if (calls === 1) throw new Error("transient failure");
        return { calls };
      },
    });
    const job = await enqueue(h.db, flakyKind, {});
    const worker = await startWorker({
      db: h.db,
      mode: "embedded",
      leaseSeconds: 5,
      pollMs: 50,
      definitions: { flaky },
      log: () => {},
    });
    await worker.idle();
    let row = await getJob(h.db, job.id);
    expect(row?.status).toBe("queued");
    expect(row?.lastError).toBe("transient failure");
    await expire(h, job.id);
    await worker.idle();
    await worker.idle();
    await worker.stop();
    row = await getJob(h.db, job.id);
    expect(row?.status).toBe("completed");
    expect(row?.attempts).toBe(2);
    expect(row?.result).toEqual({ calls: 2 });
  });
});
