import { isInputError } from "@/core/errors";
import { isConnectionError } from "@/lib/db/errors";
import { isAppError } from "@/lib/errors";
import { jobs } from "@/lib/jobs/definitions";
import { evaluateSubmission } from "@/lib/submissions/evaluate";
import { failScoring } from "@/lib/submissions/failed";
import { freezeWhenRescored } from "@/lib/submissions/leaderboard";
import {
  latestEvaluation,
  loadSubmissionForScoring,
  markScoring,
  recordEvaluation,
} from "@/lib/submissions/scoring";
import { PLAIN_BUMP_HUNT } from "@/scorer/baselines/registry";
import { handle } from "../types";

/**
 * Score one submission (SCORING.md, lib/submissions/evaluate.ts): truth metrics only where the truth
 * is public for the box — practice boxes, or after the reveal (`reason: "reveal"` rescoring). The
 * evaluation and the "scored" status are written in one transaction, so a worker killed mid-way
 * leaves the submission "scoring" and the re-claimed job scores it exactly once. A failure
 * (unreadable blob, a bug) marks it failed with the reason and refunds its quota.
 */
export const scoreSubmissionJob = handle(jobs.scoreSubmission, {
  handler: async ({ submissionId, reason, since }, ctx) => {
    const loaded = await loadSubmissionForScoring(ctx.db, submissionId);
    if ("skipped" in loaded) return loaded;
    const { sub, box } = loaded;
    if (reason === "live" && sub.status === "scored") return { skipped: "scored already" };
    const from =
      reason === "rescore" ? since : reason === "reveal" ? box.revealedAt?.toISOString() : undefined;
    if (from) {
      const last = await latestEvaluation(ctx.db, sub.id);
      if (last && last.createdAt >= new Date(from)) {
        await freezeWhenRescored(ctx.db, box.id, reason === "rescore" ? since : undefined);
        return { skipped: "rescored already" };
      }
    }
    // A reveal rescoring keeps the row "scored" (and on the leaderboard) while it runs.
    if (reason === "live") await markScoring(ctx.db, sub);
    try {
      const { metrics, timings, labelled, device } = await evaluateSubmission(sub, box, ctx.progress);
      await ctx.progress(2, 3, "storing the evaluation");
      await recordEvaluation(ctx.db, {
        submissionId: sub.id,
        boxId: box.id,
        metrics,
        withTruth: labelled && sub.baseline !== PLAIN_BUMP_HUNT.key,
        device,
        timings,
      });
      if (reason !== "live")
        await freezeWhenRescored(ctx.db, box.id, reason === "rescore" ? since : undefined);
      return { submissionId: sub.id, withTruth: labelled };
    } catch (e) {
      // A lost database is never final: the worker hands the job back once it is reachable again.
      const final =
        !isConnectionError(e) &&
        (isAppError(e) || isInputError(e) || ctx.job.attempts >= ctx.job.maxAttempts);
      if (!final) throw e;
      const message = e instanceof Error ? e.message : String(e);
      await failScoring(ctx.db, sub.id, message);
      return { failed: message };
    }
  },
  // The job died (its worker stopped on every attempt, or the last attempt's failure could not be
  // recorded above): the submission must not stay "scoring" and charged for ever.
  onDead: async (tx, { submissionId }, job, cause) => {
    const reason =
      cause === "worker-lost"
        ? `the scorer stopped ${job.attempts} ${job.attempts === 1 ? "time" : "times"} while scoring this submission`
        : "the scorer hit an internal error on every attempt";
    await failScoring(tx, submissionId, reason, { onlyUnfinished: true });
  },
});
