import type { Metrics } from "@/lib/db/json-metrics";
import { and, desc, eq, inArray } from "drizzle-orm";
import { findBox } from "@/lib/blackboxes/find";
import type { Db } from "@/lib/db/client";
import { type BlackBox, evaluations, type Submission, submissions } from "@/lib/db/schema";
import { jobs } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queue";
import { bumpLeaderboard } from "./leaderboard-version";
import { rankMetrics } from "./rank-metrics";
import { SCORER_VERSION } from "./truth";

type NewSubmission = typeof submissions.$inferInsert;

/** Attempts of a scoring job: a file that cannot be scored fails fast, and is refunded. */
const SCORING_ATTEMPTS = 3;

/**
 * Queue the scoring of a stored submission and record the job on its row: call it in the
 * transaction that stored the row, so no submission is ever left without its scoring.
 */
export async function queueScoring(db: Db, submissionId: string): Promise<string> {
  const job = await enqueue(db, jobs.scoreSubmission, { submissionId }, { maxAttempts: SCORING_ATTEMPTS });
  await db.update(submissions).set({ jobId: job.id }).where(eq(submissions.id, submissionId));
  return job.id;
}

/**
 * Insert a submission (a team's upload, a baseline's row) and queue its scoring, in the caller's
 * transaction; returns the row with its `jobId`. `ifAbsent`: a row that would break a unique index
 * (one row per box and baseline) is left alone and undefined returned, nothing queued.
 */
export async function insertSubmission(db: Db, values: NewSubmission): Promise<Submission>;
export async function insertSubmission(
  db: Db,
  values: NewSubmission,
  opts: { ifAbsent: boolean },
): Promise<Submission | undefined>;
export async function insertSubmission(
  db: Db,
  values: NewSubmission,
  opts: { ifAbsent?: boolean } = {},
): Promise<Submission | undefined> {
  const insert = db.insert(submissions).values(values);
  const [row] = await (opts.ifAbsent ? insert.onConflictDoNothing() : insert).returning();
  if (!row && opts.ifAbsent) return undefined;
  if (!row) throw new Error("insertSubmission: the insert returned no row");
  return { ...row, jobId: await queueScoring(db, row.id) };
}

/**
 * Queue a rescoring of a submission: with `since` an organizer's rescore (evaluations newer than
 * `since` count as done), without it the reveal's. One job per `singletonKey`, so a fan-out that
 * runs again queues nothing twice.
 */
export async function queueRescoring(
  db: Db,
  submissionId: string,
  opts: { since?: string; singletonKey: string },
): Promise<string> {
  const payload = opts.since
    ? { submissionId, reason: "rescore" as const, since: opts.since }
    : { submissionId, reason: "reveal" as const };
  const job = await enqueue(db, jobs.scoreSubmission, payload, {
    singletonKey: opts.singletonKey,
    maxAttempts: SCORING_ATTEMPTS,
  });
  return job.id;
}

/** The submissions of a box a rescoring redoes: scored ones, and those waiting for their scoring. */
export async function rescorableSubmissions(db: Db, boxId: string): Promise<string[]> {
  const rows = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(
      and(eq(submissions.blackBoxId, boxId), inArray(submissions.status, ["scored", "queued", "scoring"])),
    );
  return rows.map((r) => r.id);
}

/** A submission and its box, as the scorer reads them; a reason to skip where either is gone. */
export async function loadSubmissionForScoring(
  db: Db,
  submissionId: string,
): Promise<{ sub: Submission; box: BlackBox } | { skipped: string }> {
  const [sub] = await db.select().from(submissions).where(eq(submissions.id, submissionId)).limit(1);
  if (!sub) return { skipped: "submission deleted" };
  const box = await findBox(db, sub.blackBoxId);
  if (!box) return { skipped: "box deleted" };
  return { sub, box };
}

/** The newest evaluation of a submission (undefined: never scored). */
export async function latestEvaluation(
  db: Db,
  submissionId: string,
): Promise<typeof evaluations.$inferSelect | undefined> {
  const [last] = await db
    .select()
    .from(evaluations)
    .where(eq(evaluations.submissionId, submissionId))
    .orderBy(desc(evaluations.createdAt))
    .limit(1);
  return last;
}

/**
 * Mark a live scoring as started: conditional on the status the scorer read, so a change made
 * meanwhile (a deletion, a failure) is not overwritten.
 */
export async function markScoring(db: Db, sub: Pick<Submission, "id" | "status">): Promise<void> {
  await db
    .update(submissions)
    .set({ status: "scoring", startedAt: new Date() })
    .where(and(eq(submissions.id, sub.id), eq(submissions.status, sub.status)));
}

/**
 * Store an evaluation and mark its submission scored, in one transaction that also marks the box's
 * cached leaderboards stale: a worker killed before the commit leaves the submission as it was, and
 * the re-claimed job scores it exactly once.
 */
export async function recordEvaluation(
  db: Db,
  e: {
    submissionId: string;
    boxId: string;
    metrics: Metrics;
    withTruth: boolean;
    device: string;
    timings: Record<string, number>;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(evaluations).values({
      submissionId: e.submissionId,
      metrics: e.metrics,
      rankMetrics: rankMetrics(e.metrics),
      withTruth: e.withTruth,
      scorerVersion: SCORER_VERSION,
      device: e.device,
      timings: e.timings,
    });
    await tx
      .update(submissions)
      .set({ status: "scored", scoredAt: new Date(), error: null })
      .where(eq(submissions.id, e.submissionId));
    await bumpLeaderboard(tx, { boxId: e.boxId });
  });
}
