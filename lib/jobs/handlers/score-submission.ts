import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { blackBoxes, evaluations, submissions } from "@/lib/db/schema";
import { isConnectionError } from "@/lib/db/errors";
import { isAppError } from "@/lib/errors";
import { isInputError } from "@/core/errors";
import { readScoreFile, readSealedTruth } from "@/core/formats";
import { readNpy } from "@/core/formats/npy";
import { blobStore } from "@/lib/storage";
import { derivedCache } from "@/lib/storage/derived-cache";
import { boxEvents } from "@/lib/submissions/boxdata";
import { failScoring } from "@/lib/submissions/failed";
import { freezeWhenRescored } from "@/lib/submissions/leaderboard";
import { bumpLeaderboard } from "@/lib/submissions/leaderboard-version";
import { rankMetrics } from "@/lib/submissions/rank-metrics";
import { submissionSettings } from "@/lib/submissions/config";
import { claimTruthOf, SCORER_VERSION } from "@/lib/submissions/truth";
import { parseTopIds } from "@/lib/submissions/validate";
import { type DiscoveryResult, discovery } from "@/scorer/bumphunt/discovery";
import { deviceLabel } from "@/scorer/compute/device";
import { type Claim, scoreClaim, topKMetrics, truthMetrics } from "@/scorer/metrics";
import { defineJob } from "../types";

/** Labels in public-file order, read from the sealed truth blob: the worker is the only reader. */
const truthCache = derivedCache<Int32Array>(2);
function boxLabels(truthBlob: string, publicIds: BigInt64Array): Promise<Int32Array> {
  return truthCache(truthBlob, () =>
    readSealedTruth(blobStore().read(truthBlob), "truth.h5").then(({ labels, eventIds }) => {
      if (eventIds.length === publicIds.length && eventIds.every((id, i) => id === publicIds[i]))
        return labels;
      const at = new Map<bigint, number>();
      for (const [i, id] of eventIds.entries()) at.set(id, i);
      return Int32Array.from(publicIds, (id) => labels[at.get(id) ?? -1] ?? 0);
    }),
  );
}

/**
 * Score one submission (SCORING.md): the discovery significance of score uploads on every box; truth
 * metrics (ROC/AUC/SIC, claim pulls and log score, precision/recall@K) only where the truth is public
 * for the box — practice boxes, or after the reveal (`reason: "reveal"` rescoring). The evaluation and
 * the "scored" status are written in one transaction, so a worker killed mid-way leaves the
 * submission "scoring" and the re-claimed job scores it exactly once. A failure (unreadable blob, a bug)
 * marks it failed with the reason and refunds its quota.
 */
export const scoreSubmissionJob = defineJob({
  kind: "score-submission",
  payload: z.object({
    submissionId: z.string().uuid(),
    reason: z.enum(["live", "reveal", "rescore"]).default("live"),
    /** rescore: when the organizer asked (ISO); evaluations newer than this count as done. */
    since: z.string().optional(),
  }),
  handler: async ({ submissionId, reason, since }, ctx) => {
    const [sub] = await ctx.db.select().from(submissions).where(eq(submissions.id, submissionId)).limit(1);
    if (!sub) return { skipped: "submission deleted" };
    const [box] = await ctx.db.select().from(blackBoxes).where(eq(blackBoxes.id, sub.blackBoxId)).limit(1);
    if (!box) return { skipped: "box deleted" };
    const withTruth = box.mode === "practice" || box.status === "revealed";
    if (reason === "live" && sub.status === "scored") return { skipped: "scored already" };
    const from =
      reason === "rescore" ? since : reason === "reveal" ? box.revealedAt?.toISOString() : undefined;
    if (from) {
      const [last] = await ctx.db
        .select()
        .from(evaluations)
        .where(eq(evaluations.submissionId, sub.id))
        .orderBy(desc(evaluations.createdAt))
        .limit(1);
      if (last && last.createdAt >= new Date(from)) {
        await freezeWhenRescored(ctx.db, box.id, reason === "rescore" ? since : undefined);
        return { skipped: "rescored already" };
      }
    }
    // A reveal rescoring keeps the row "scored" (and on the leaderboard) while it runs.
    if (reason === "live")
      await ctx.db
        .update(submissions)
        .set({ status: "scoring", startedAt: new Date() })
        .where(and(eq(submissions.id, sub.id), eq(submissions.status, sub.status)));
    const timings: Record<string, number> = {};
    const time = async <T>(name: string, f: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        timings[name] = (performance.now() - t0) / 1000;
      }
    };
    try {
      const settings = submissionSettings(box);
      const events = await time("loadBox", () => boxEvents(box, settings));
      const labels =
        withTruth && box.truthBlob
          ? await time("loadTruth", () => boxLabels(box.truthBlob as string, events.eventIds))
          : undefined;
      const metrics: Record<string, unknown> = {};
      if (sub.kind === "scores") {
        const plain = sub.baseline === "bump-hunt";
        const scores = await time("read", async () => {
          if (plain) return new Float64Array(events.eventIds.length).fill(1);
          // Validated at upload, in box order: no parsing, no alignment.
          if (sub.scoresBlob) return readNpy(blobStore().read(sub.scoresBlob), "scores.npy").scores;
          if (!sub.blob) throw new Error("the submission has no file");
          return (
            await readScoreFile(blobStore().read(sub.blob), sub.fileName ?? "scores", {
              eventIds: events.eventIds,
            })
          ).scores;
        });
        if (settings.massFeature === null) {
          // No resonance mass (ADC2021-style boxes): SCORING's discovery metric does not apply.
          metrics.discoveryNotApplicable = "this black box has no resonance-mass feature to hunt a bump in";
        } else {
          await ctx.progress(1, 3, "discovery significance");
          const config = plain ? { ...settings.discovery, cutEfficiencies: [1] } : settings.discovery;
          const d = await time("discovery", () => discovery(scores, events.mass, config));
          metrics.discovery = d;
          // The split bench:scoring prints (thread seconds of fits and scans, toys' wall clock).
          timings["discovery.data"] = d.timings.data;
          timings["discovery.toys"] = d.timings.toys;
          timings["discovery.fits"] = d.timings.fits;
          timings["discovery.scans"] = d.timings.scans;
        }
        // A constant score has no ROC: the plain bump hunt gets no truth metrics.
        if (labels && !plain) {
          metrics.truth = labels.some((l) => l > 0)
            ? await time("truth", () => truthMetrics(scores, labels))
            : { notApplicable: "this black box holds no signal: ROC, AUC and SIC are undefined" };
        }
      } else if (sub.kind === "claim") {
        if (labels)
          metrics.claim = scoreClaim(sub.claim as Claim, claimTruthOf(box), {
            ...settings.claims,
            nEvents: events.eventIds.length,
          });
      } else {
        const ids = await time("read", async () => {
          if (!sub.blob) throw new Error("the submission has no file");
          return parseTopIds(blobStore().read(sub.blob), sub.fileName ?? "ids");
        });
        if (labels) {
          metrics.topK = topKMetrics({
            ids,
            k: settings.topK,
            boxIds: Array.from(events.eventIds, Number),
            boxLabels: labels,
          });
        }
      }
      await ctx.progress(2, 3, "storing the evaluation");
      await ctx.db.transaction(async (tx) => {
        await tx.insert(evaluations).values({
          submissionId: sub.id,
          metrics,
          rankMetrics: rankMetrics(metrics),
          withTruth: labels !== undefined && sub.baseline !== "bump-hunt",
          scorerVersion: SCORER_VERSION,
          device: deviceLabel((metrics.discovery as DiscoveryResult | undefined)?.device),
          timings,
        });
        await tx
          .update(submissions)
          .set({ status: "scored", scoredAt: new Date(), error: null })
          .where(eq(submissions.id, sub.id));
        await bumpLeaderboard(tx, { boxId: box.id });
      });
      if (reason !== "live")
        await freezeWhenRescored(ctx.db, box.id, reason === "rescore" ? since : undefined);
      return { submissionId: sub.id, withTruth: labels !== undefined };
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
  onDead: async (tx, job, cause) => {
    const { submissionId } = job.payload as { submissionId?: string };
    if (!submissionId) return;
    const reason =
      cause === "worker-lost"
        ? `the scorer stopped ${job.attempts} ${job.attempts === 1 ? "time" : "times"} while scoring this submission`
        : "the scorer hit an internal error on every attempt";
    await failScoring(tx, submissionId, reason, { onlyUnfinished: true });
  },
});
