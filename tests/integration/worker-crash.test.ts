import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import { challengeOrganizers, challenges, jobs } from "@/lib/db/schema";
import { DEMO_CHALLENGE_SLUG } from "@/lib/demo/seed";
import { jobs as kinds } from "@/lib/jobs/definitions";
import { enqueue, getJob } from "@/lib/jobs/queue";
import { signUp } from "@/lib/users";
import { createPostgresDatabase } from "../support/db";
import { type Child, killHard, spawnTsx, spawnWorkerBundle, waitUntil } from "../support/processes";
import { waitForFileJob } from "../support/test-jobs";

// A worker killed with SIGKILL mid-job: the job must be re-claimed after its lease and complete once.

describe.skipIf(!process.env.DATABASE_URL)("worker killed mid-job on PostgreSQL (npm run worker)", () => {
  it("re-claims the demo seed after the lease and completes it exactly once", async () => {
    const h = await createPostgresDatabase();
    const env = { DATABASE_URL: h.url, ARENA_JOB_LEASE_SECONDS: "2" };
    // Hold the challenges table so the seed job blocks on its insert: the kill lands mid-run, for sure.
    const locker = postgres(h.url, { max: 1, onnotice: () => {} });
    let first: Child | undefined;
    let second: Child | undefined;
    try {
      await signUp(h.db, { email: "org@test.arena", name: "Org", password: "long enough pw" }, "organizer");
      const reserved = await locker.reserve();
      await reserved`begin`;
      await reserved`lock table challenges in exclusive mode`;
      const job = await enqueue(h.db, kinds.seedDemo, { organizerEmail: "org@test.arena" });

      first = await spawnWorkerBundle(env);
      await waitUntil(
        async () => (await getJob(h.db, job.id))?.progress?.step === 0,
        30_000,
        () => `first worker never started the job:\n${first?.output()}`,
      );
      const claimed = await getJob(h.db, job.id);
      expect(claimed?.status).toBe("running");
      expect(claimed?.attempts).toBe(1);
      await killHard(first);
      expect((await getJob(h.db, job.id))?.status).toBe("running");

      await reserved`rollback`;
      reserved.release();
      second = await spawnWorkerBundle(env);
      await waitUntil(
        async () => (await getJob(h.db, job.id))?.status === "completed",
        30_000,
        () => `job never completed:\n${second?.output()}`,
      );
      const done = await getJob(h.db, job.id);
      expect(done?.attempts).toBe(2);
      expect(done?.lockedBy).toBeNull();
      expect(done!.finishedAt!.getTime()).toBeGreaterThanOrEqual(claimed!.leaseExpiresAt!.getTime());
      const rows = await h.db.select().from(challenges).where(eq(challenges.slug, DEMO_CHALLENGE_SLUG));
      expect(rows).toHaveLength(1);
      expect(await h.db.select().from(challengeOrganizers)).toHaveLength(1);
      expect(second.output()).toMatch(/completed/);
    } finally {
      if (first) await killHard(first);
      if (second) {
        second.proc.kill("SIGTERM");
        await new Promise((r) => second?.proc.once("exit", r));
      }
      await locker.end();
      await h.close();
    }
  });
});

describe("worker killed mid-job on embedded PGlite (npm start's worker)", () => {
  it("restarts on the same data directory, re-claims the job after its lease and completes it once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-crash-"));
    const dataDir = path.join(dir, "pgdata");
    const release = path.join(dir, "release");
    let first: Child | undefined;
    let second: Child | undefined;
    try {
      first = spawnTsx("tests/support/embedded-worker.ts", [dataDir, "2"], {});
      await first.waitFor(/^ready /m, 60_000);
      // PGlite has one owner, so the test enqueues through the worker's own database: a second
      // process opening the directory now would be exactly what embedded mode forbids.
      await killHard(first);
      let h = await openDb({ dataDir });
      const job = await enqueue(h.db, waitForFileJob, { file: release });
      await h.close();

      first = spawnTsx("tests/support/embedded-worker.ts", [dataDir, "2"], {});
      await first.waitFor(/^ready /m, 60_000);
      await first.waitFor(/waiting on attempt 1/, 30_000);
      await killHard(first);

      h = await openDb({ dataDir });
      const mid = await getJob(h.db, job.id);
      await h.close();
      expect(mid?.status).toBe("running");
      expect(mid?.attempts).toBe(1);
      expect(mid?.progress?.step).toBe(1);

      fs.writeFileSync(release, "go");
      second = spawnTsx("tests/support/embedded-worker.ts", [dataDir, "2"], {});
      await second.waitFor(/test-wait-for-file .*: completed/, 60_000);
      second.proc.kill("SIGTERM");
      await new Promise((r) => second?.proc.once("exit", r));

      h = await openDb({ dataDir });
      const done = await getJob(h.db, job.id);
      const all = await h.db.select().from(jobs).where(eq(jobs.kind, waitForFileJob.kind));
      await h.close();
      expect(all).toHaveLength(1);
      expect(done?.status).toBe("completed");
      expect(done?.attempts).toBe(2);
      expect(done?.result).toEqual({ releasedBy: second.proc.pid });
    } finally {
      if (first) await killHard(first);
      if (second) await killHard(second);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
