import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type BlackBox, type Submission, submissions } from "@/lib/db/schema";
import { jobs } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queue";
import { PLAIN_BUMP_HUNT, SCORE_BASELINE_KEYS, type ScoreBaseline } from "@/scorer/baselines/registry";
import { submissionSettings } from "./config";
import { bumpLeaderboard } from "./leaderboard-version";
import { insertSubmission, queueRescoring, queueScoring } from "./scoring";

/**
 * The baselines every box gets when it opens (SCORING §5, scorer/baselines/registry.ts): one
 * `baseline` job per score baseline, which computes the scores and then adds its own row, and the
 * plain bump hunt's row with its scoring job — for a box with a resonance mass (ADC2021-style boxes
 * have none). One row per box and method (unique); only jobs and rows are written here.
 */
export async function queueBaselines(db: Db, box: BlackBox): Promise<void> {
  await queueScoreBaselines(db, box.id);
  if (submissionSettings(box).massFeature === null) return;
  await insertSubmission(
    db,
    {
      blackBoxId: box.id,
      baseline: PLAIN_BUMP_HUNT.key,
      kind: "scores",
      method: PLAIN_BUMP_HUNT.method,
      description: PLAIN_BUMP_HUNT.description,
      counted: false,
    },
    { ifAbsent: true },
  );
}

/**
 * One `baseline` job per score baseline of the box: singletons per box and method, or per box,
 * method and `at` for a recomputation the organizer asked for at `at`. Returns the job ids.
 */
async function queueScoreBaselines(db: Db, boxId: string, at?: string): Promise<string[]> {
  const ids: string[] = [];
  for (const method of SCORE_BASELINE_KEYS) {
    const job = await enqueue(
      db,
      jobs.baseline,
      { boxId, method },
      { singletonKey: `baseline:${boxId}:${method}${at ? `:${at}` : ""}`, maxAttempts: 3 },
    );
    ids.push(job.id);
  }
  return ids;
}

/**
 * Compute a box's baselines again, as asked at `at`, in the caller's transaction: the score
 * baselines' rows are deleted (their evaluations go with them) and their jobs queued anew; the plain
 * bump hunt is scored again. Returns the job ids.
 */
export async function requeueBaselines(db: Db, boxId: string, at: string): Promise<string[]> {
  await db
    .delete(submissions)
    .where(and(eq(submissions.blackBoxId, boxId), inArray(submissions.baseline, [...SCORE_BASELINE_KEYS])));
  const ids = await queueScoreBaselines(db, boxId, at);
  const [bump] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(and(eq(submissions.blackBoxId, boxId), eq(submissions.baseline, PLAIN_BUMP_HUNT.key)))
    .limit(1);
  if (bump)
    ids.push(
      await queueRescoring(db, bump.id, { since: at, singletonKey: `baseline-bump:${bump.id}:${at}` }),
    );
  return ids;
}

const baselineOf = (boxId: string, method: ScoreBaseline) =>
  and(eq(submissions.blackBoxId, boxId), eq(submissions.baseline, method));

/** The row of one baseline of a box (undefined: not stored yet). */
export async function findBaseline(
  db: Db,
  boxId: string,
  method: ScoreBaseline,
): Promise<Submission | undefined> {
  const [row] = await db.select().from(submissions).where(baselineOf(boxId, method)).limit(1);
  return row;
}

/** What a baseline row stores besides its box and method: the scores' blob and how they were made. */
export type BaselineValues = Pick<Submission, "scoresBlob" | "method" | "description" | "fileName"> & {
  fileDetails: Record<string, unknown>;
};

/**
 * Add a score baseline's row (teamId null, not counted) with its scoring job, in one transaction. A
 * row without scores (inserted by hand, or by an older version) is completed instead of duplicated,
 * and its box's cached leaderboards marked stale (it may have been on the board). Returns the row's
 * id, or null when another run stored the scores meanwhile.
 */
export async function storeBaseline(
  db: Db,
  boxId: string,
  method: ScoreBaseline,
  values: BaselineValues,
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const row = await insertSubmission(
      tx,
      { blackBoxId: boxId, baseline: method, kind: "scores", counted: false, ...values },
      { ifAbsent: true },
    );
    if (row) return row.id;
    const [target] = await tx
      .update(submissions)
      .set({ ...values, status: "queued" })
      .where(and(baselineOf(boxId, method), isNull(submissions.scoresBlob)))
      .returning();
    if (!target) return null;
    await bumpLeaderboard(tx, { boxId });
    await queueScoring(tx, target.id);
    return target.id;
  });
}
