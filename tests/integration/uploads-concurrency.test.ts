import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../support/api";
import * as submissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import type { Actor } from "@/lib/auth/actor";
import { type Db, type DbHandle, openDb, setDbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { evaluations, jobs, submissions } from "@/lib/db/schema";
import { getJob } from "@/lib/jobs/queue";
import { blobStore } from "@/lib/storage";
import { createSubmission } from "@/lib/submissions/create";
import { createPostgresDatabase, testDatabases } from "../support/db";
import { practiceBox } from "../support/faults";
import { type Child, killHard, spawnTsx, spawnWorkerBundle, waitUntil } from "../support/processes";
import { blobFiles, errorOf, send } from "../support/uploads";

const N = 1000;
const ids = Array.from({ length: N }, (_, i) => i);
/**
 * A valid score file, different bytes for each k and each test run (so each accepted upload is its
 * own new blob, also when both databases of this file share the data dir).
 */
const RUN = Math.random().toString(36).slice(2);
let runs = 0;
const scoresCsv = (k: number) =>
  new TextEncoder().encode(
    `# run ${RUN}-${runs}\nevent_id,score\n${ids.map((i) => `${i},${Math.sin(i * (k + 1))}`).join("\n")}\n`,
  );

/** Challenge "conc" with team "Alices" and an open 1000-event box "bb" (baseline already scored). */
const setup = (db: Db, quotas: Record<string, number>) =>
  practiceBox(db, { slug: "conc", title: "Concurrency", mjjSeed: 3, quotas });

describe.each(testDatabases())("50 concurrent uploads against a quota of 5 on $name", ({ open }) => {
  let h: DbHandle;
  let alice: Actor;
  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    ({ alice } = await setup(h.db, { submissionsPerDay: 5, submissionsTotal: 100 }));
  });
  afterAll(async () => {
    session.current = null;
    setDbHandle(undefined);
    await h.close();
  });

  it("accepts exactly 5 through the route, refuses 45 with quota:exceeded and stores no orphan blob", async () => {
    runs += 1;
    const blobsBefore = blobFiles();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        send(submissionsRoute.POST, {
          params: { slug: "conc", box: "bb" },
          as: alice,
          body: scoresCsv(k),
          query: { kind: "scores", filename: `s${k}.csv` },
        }),
      ),
    );
    const accepted = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status !== 201);
    expect(accepted).toHaveLength(5);
    expect(refused.map((r) => [r.status, errorOf(r).code])).toEqual(
      Array.from({ length: 45 }, () => [429, "quota:exceeded"]),
    );
    expect(errorOf(refused[0]!).message).toMatch(/used 5 of 5 submissions to bb today/);
    // The accepted responses report the quota after their own upload: 4, 3, 2, 1, 0 left, once each.
    expect(accepted.map((r) => (r.body.quota as { remaining: number }).remaining).sort()).toEqual([
      0, 1, 2, 3, 4,
    ]);

    const rows = await h.db.select().from(submissions).where(eq(submissions.kind, "scores"));
    const teamRows = rows.filter((r) => r.teamId !== null);
    expect(teamRows).toHaveLength(5);
    expect(new Set(teamRows.map((r) => r.id))).toEqual(
      new Set(accepted.map((r) => (r.body.submission as { id: string }).id)),
    );
    // Exactly the five accepted files (and their validated scores) were stored, each referenced by its row.
    const added = blobFiles().filter((f) => !blobsBefore.includes(f));
    const name = (sha: string) => `${sha.slice(0, 2)}/${sha.slice(2)}`;
    const referenced = teamRows.flatMap((r) => [name(r.blob!), name(r.scoresBlob!)]);
    // (A normalized .npy can exist already: the other database's run of this file stored equal scores.)
    expect(added.filter((f) => !referenced.includes(f))).toEqual([]);
    expect(added.length).toBeGreaterThanOrEqual(5);
    for (const r of teamRows) expect(blobStore().has(r.blob!) && blobStore().has(r.scoresBlob!)).toBe(true);
    const scoreJobs = await h.db.select().from(jobs).where(eq(jobs.kind, "score-submission"));
    expect(scoreJobs).toHaveLength(6); // 5 + the bump-hunt baseline

    // createSubmission directly, 20 at once, once the day is used up: all refused, nothing written.
    const more = await Promise.allSettled(
      Array.from({ length: 20 }, (_, k) =>
        createSubmission(
          h.db,
          alice,
          { challengeSlug: "conc", boxSlug: "bb" },
          {
            kind: "scores",
            bytes: scoresCsv(100 + k),
            fileName: "late.csv",
          },
        ),
      ),
    );
    expect(more.map((r) => (r.status === "rejected" ? (r.reason as { code: string }).code : "ok"))).toEqual(
      Array.from({ length: 20 }, () => "quota:exceeded"),
    );
    expect(blobFiles()).toHaveLength(blobsBefore.length + added.length);
  });
});

// A worker killed with SIGKILL while it scores a submission: the job is re-claimed after its lease
// and the submission scored exactly once.

async function scoreOnce(db: Db, alice: Actor) {
  const { submission } = await createSubmission(
    db,
    alice,
    { challengeSlug: "conc", boxSlug: "bb" },
    { kind: "scores", bytes: scoresCsv(7), fileName: "crash.csv", method: "crash test" },
  );
  return submission;
}

describe.skipIf(!process.env.DATABASE_URL)(
  "a worker killed mid-scoring on PostgreSQL (npm run worker)",
  () => {
    it("re-claims the score-submission job after the lease and scores it exactly once", async () => {
      const h = await createPostgresDatabase();
      const env = { DATABASE_URL: h.url, ARENA_JOB_LEASE_SECONDS: "2" };
      const locker = postgres(h.url, { max: 1, onnotice: () => {} });
      let first: Child | undefined;
      let second: Child | undefined;
      try {
        const { alice } = await setup(h.db, { submissionsPerDay: 5, submissionsTotal: 10 });
        const sub = await scoreOnce(h.db, alice);
        // Hold the evaluations table: the job computes the discovery, then blocks on its insert.
        const reserved = await locker.reserve();
        await reserved`begin`;
        await reserved`lock table evaluations in exclusive mode`;
        first = await spawnWorkerBundle(env);
        await waitUntil(
          async () => (await getJob(h.db, sub.jobId as string))?.progress?.step === 2,
          45_000,
          () => `first worker never reached the evaluation:\n${first?.output()}`,
        );
        const claimed = await getJob(h.db, sub.jobId as string);
        expect([claimed?.status, claimed?.attempts]).toEqual(["running", 1]);
        const [mid] = await h.db.select().from(submissions).where(eq(submissions.id, sub.id));
        expect(mid?.status).toBe("scoring");
        await killHard(first);
        await reserved`rollback`;
        reserved.release();
        expect(
          await h.db.select().from(evaluations).where(eq(evaluations.submissionId, sub.id)),
        ).toHaveLength(0);

        second = await spawnWorkerBundle(env);
        await waitUntil(
          async () => (await getJob(h.db, sub.jobId as string))?.status === "completed",
          45_000,
          () => `job never completed:\n${second?.output()}`,
        );
        const done = await getJob(h.db, sub.jobId as string);
        expect(done?.attempts).toBe(2);
        expect(done!.finishedAt!.getTime()).toBeGreaterThanOrEqual(claimed!.leaseExpiresAt!.getTime());
        const [row] = await h.db.select().from(submissions).where(eq(submissions.id, sub.id));
        expect([row?.status, row?.counted, row?.error]).toEqual(["scored", true, null]);
        const evs = await h.db.select().from(evaluations).where(eq(evaluations.submissionId, sub.id));
        expect(evs).toHaveLength(1);
        expect(Object.keys(evs[0]!.metrics).sort()).toEqual(["discovery", "truth"]);
      } finally {
        if (first) await killHard(first);
        if (second) {
          second.proc.kill("SIGTERM");
          await new Promise((r) => second?.proc.once("exit", r));
        }
        await locker.end();
        await h.close();
      }
    }, 120_000);
  },
);

describe("a worker killed mid-scoring on embedded PGlite (npm start's worker)", () => {
  it("restarts on the same data directory, re-claims after the lease and scores it exactly once", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-score-crash-"));
    const dataDir = path.join(dir, "pgdata");
    const release = path.join(dir, "release");
    let first: Child | undefined;
    let second: Child | undefined;
    try {
      // PGlite has one owner: the test sets up through the directory, closes it, then the worker owns it.
      let h = await openDb({ dataDir });
      await migrateDb(h);
      const { alice } = await setup(h.db, { submissionsPerDay: 5, submissionsTotal: 10 });
      const sub = await scoreOnce(h.db, alice);
      await h.close();

      const args = [dataDir, "2", release];
      first = spawnTsx("tests/support/holding-score-worker.ts", args, {});
      await first.waitFor(/holding before the evaluation on attempt 1/, 60_000);
      await killHard(first);

      h = await openDb({ dataDir });
      const mid = await getJob(h.db, sub.jobId as string);
      const [midSub] = await h.db.select().from(submissions).where(eq(submissions.id, sub.id));
      const midEvs = await h.db.select().from(evaluations).where(eq(evaluations.submissionId, sub.id));
      await h.close();
      expect([mid?.status, mid?.attempts, mid?.progress?.step]).toEqual(["running", 1, 2]);
      expect(midSub?.status).toBe("scoring");
      expect(midEvs).toHaveLength(0);

      fs.writeFileSync(release, "go");
      second = spawnTsx("tests/support/holding-score-worker.ts", args, {});
      await second.waitFor(new RegExp(`score-submission ${sub.jobId}: completed`), 60_000);
      second.proc.kill("SIGTERM");
      await new Promise((r) => second?.proc.once("exit", r));

      h = await openDb({ dataDir });
      const done = await getJob(h.db, sub.jobId as string);
      const [row] = await h.db.select().from(submissions).where(eq(submissions.id, sub.id));
      const evs = await h.db.select().from(evaluations).where(eq(evaluations.submissionId, sub.id));
      await h.close();
      expect([done?.status, done?.attempts]).toEqual(["completed", 2]);
      expect(done!.finishedAt!.getTime()).toBeGreaterThanOrEqual(mid!.leaseExpiresAt!.getTime());
      expect([row?.status, row?.counted, row?.error]).toEqual(["scored", true, null]);
      expect(evs).toHaveLength(1);
      expect(second.output()).toMatch(/holding before the evaluation on attempt 2/);
    } finally {
      if (first) await killHard(first);
      if (second) await killHard(second);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
