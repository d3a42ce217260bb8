import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { jobs, submissions } from "@/lib/db/schema";
import { deadJobsOfChallenge } from "@/lib/jobs/dead";
import { claimJob, failJob, getJob } from "@/lib/jobs/queue";
import { createSubmission, quotaState } from "@/lib/submissions/create";
import { teamSubmissions } from "@/lib/submissions/queries";
import { createTeam } from "@/lib/teams";
import { JOB_DEFINITIONS } from "@/lib/jobs/handlers";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { insertBuiltBox, syntheticMjj } from "../support/uploads";
import { drainJobs } from "../support/worker";

// Issue 18 item 2: a scoring job whose worker is lost on every attempt ends its submission as
// failed, refunded, and listed on the organizer's page; it does not stay "scoring" for ever.

const N = 1000;
const ids = Array.from({ length: N }, (_, i) => i);
const RUN = Math.random().toString(36).slice(2);
let uploads = 0;
const scoresCsv = () =>
  new TextEncoder().encode(
    `# ${RUN}-${++uploads}\nevent_id,score\n${ids.map((i) => `${i},${Math.sin(i * uploads)}`).join("\n")}\n`,
  );
const QUOTAS = { submissionsPerDay: 2, submissionsTotal: 10 };
const ref = { challengeSlug: "deadjobs", boxSlug: "bb" };
const KINDS = ["score-submission"];
const onDead = JOB_DEFINITIONS["score-submission"]!.onDead;

describe.each(testDatabases())("dead scoring jobs on $name", ({ open }) => {
  let h: DbHandle;
  let alice: Actor;
  let challengeId: string;
  beforeAll(async () => {
    h = await open();
    const org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    challengeId = (
      await createChallenge(h.db, org, { slug: ref.challengeSlug, title: "Dead", status: "published" })
    ).id;
    await createTeam(h.db, alice, ref.challengeSlug, { name: "Alices" });
    await insertBuiltBox(h.db, org, ref.challengeSlug, {
      slug: ref.boxSlug,
      mode: "practice",
      eventIds: BigInt64Array.from(ids, BigInt),
      mjj: syntheticMjj(N, 3),
      labels: Int8Array.from(ids, (i) => (i % 10 === 0 ? 1 : 0)),
      scoringConfig: { bins: { min: 1500, max: 5100, n: 24 }, npe: 20, cutEfficiencies: [1, 0.1] },
      quotas: QUOTAS,
    });
    await drainJobs(h.db); // the baselines
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  /** A worker claims the job and is killed: its lease runs out without a completion. */
  async function claimAndLose(jobId: string, worker: string) {
    const job = await claimJob(h.db, worker, { kinds: KINDS, leaseSeconds: 1 });
    expect(job?.id).toBe(jobId);
    await h.db
      .update(jobs)
      .set({ leaseExpiresAt: sql`now() - interval '1 second'` })
      .where(eq(jobs.id, jobId));
    return job!;
  }

  const usedToday = async (teamId: string, boxId: string) =>
    (await quotaState(h.db, boxId, teamId, { perDay: 2, total: 10 })).usedToday;

  it("fails and refunds a submission whose scorer stopped on all 3 attempts, and shows it to the organizer", async () => {
    const { submission, quota } = await createSubmission(h.db, alice, ref, {
      kind: "scores",
      bytes: scoresCsv(),
      fileName: "s.csv",
      method: "sin",
    });
    expect(quota.remaining).toBe(1);
    const teamId = submission.teamId!;
    expect(await usedToday(teamId, submission.blackBoxId)).toBe(1);
    const jobId = submission.jobId!;
    for (const w of ["killed-1", "killed-2", "killed-3"]) await claimAndLose(jobId, w);
    expect((await getJob(h.db, jobId))?.status).toBe("running");

    // The next claim by a real worker reaps the job and runs score-submission's onDead with it.
    await drainJobs(h.db);
    const job = await getJob(h.db, jobId);
    expect(job?.status).toBe("dead");
    expect(job?.attempts).toBe(3);
    expect(job?.lastError).toMatch(/lease expired on the last attempt/);

    const [row] = await h.db.select().from(submissions).where(eq(submissions.id, submission.id));
    expect(row?.status).toBe("failed");
    expect(row?.counted).toBe(false);
    expect(row?.error?.message).toBe(
      "Scoring failed: the scorer stopped 3 times while scoring this submission. The submission was not counted against your quota.",
    );
    expect(await usedToday(teamId, submission.blackBoxId)).toBe(0);

    // The team sees it failed with the reason, and its quota back.
    const mine = await teamSubmissions(h.db, alice, ref);
    expect(mine.quota?.remaining).toBe(2);
    expect(mine.submissions.find((s) => s.id === submission.id)).toMatchObject({
      status: "failed",
      error: { message: row?.error?.message },
    });

    // The organizer's settings page lists it.
    const dead = await deadJobsOfChallenge(h.db, challengeId);
    expect(dead).toEqual([
      expect.objectContaining({
        id: jobId,
        kind: "score-submission",
        boxSlug: ref.boxSlug,
        team: "Alices",
        submissionId: submission.id,
        submissionStatus: "failed",
        attempts: 3,
      }),
    ]);

    // Reaping is once per job: another worker's claim changes nothing.
    await drainJobs(h.db);
    const [again] = await h.db.select().from(submissions).where(eq(submissions.id, submission.id));
    expect(again).toEqual(row);
  });

  it("fails and refunds the submission when the last attempt's failure is recorded as dead", async () => {
    const { submission } = await createSubmission(h.db, alice, ref, {
      kind: "scores",
      bytes: scoresCsv(),
      fileName: "s2.csv",
      method: "sin 2",
    });
    const teamId = submission.teamId!;
    const before = await usedToday(teamId, submission.blackBoxId);
    await claimAndLose(submission.jobId!, "killed-1");
    await claimAndLose(submission.jobId!, "killed-2");
    const last = await claimJob(h.db, "w", { kinds: KINDS, leaseSeconds: 30 });
    expect(last?.attempts).toBe(3);
    // The handler's own failure path could not run (say, its write failed): the worker records it.
    expect(await failJob(h.db, last!, "w", "boom", onDead)).toBe("dead");
    const [row] = await h.db.select().from(submissions).where(eq(submissions.id, submission.id));
    expect(row?.status).toBe("failed");
    expect(row?.error?.message).toMatch(
      /^Scoring failed: the scorer hit an internal error on every attempt\./,
    );
    expect(await usedToday(teamId, submission.blackBoxId)).toBe(before - 1);
    const dead = await deadJobsOfChallenge(h.db, challengeId);
    expect(dead.map((d) => d.submissionId)).toContain(submission.id);
  });

  it("leaves a scored submission scored when its rescoring job dies", async () => {
    const { submission } = await createSubmission(h.db, alice, ref, {
      kind: "scores",
      bytes: scoresCsv(),
      fileName: "s3.csv",
      method: "sin 3",
    });
    await drainJobs(h.db);
    const [scored] = await h.db.select().from(submissions).where(eq(submissions.id, submission.id));
    expect(scored?.status).toBe("scored");
    const [job] = await h.db
      .insert(jobs)
      .values({
        kind: "score-submission",
        payload: { submissionId: submission.id, reason: "rescore" },
        status: "dead",
        attempts: 3,
        maxAttempts: 3,
      })
      .returning();
    await h.db.transaction((tx) => onDead!(tx, job!, "worker-lost"));
    const [after] = await h.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.id, submission.id)));
    expect(after).toEqual(scored);
  });
});
