import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { blackBoxes, submissions } from "@/lib/db/schema";
import { npyBytes } from "@/core/formats/npy";
import { enqueueJob } from "@/lib/jobs/queue";
import { bumpLeaderboard } from "@/lib/submissions/leaderboard-version";
import { blobStore } from "@/lib/storage";
import { aeBaseline, MAHALANOBIS_INPUTS, mahalanobisBaseline, SCORE_BASELINES } from "@/scorer/baselines";
import { readPublicFeatures } from "@/scorer/baselines/public-file";
import { defineJob } from "../types";

/**
 * Compute a score baseline of a box (queued when the box opens): read the public file, compute the
 * per-event scores, store them as float64 .npy [N] in public-file order — exactly what a validated
 * team upload becomes — and add the baseline row (teamId null, `baseline` = method; unique per box)
 * with a score-submission job, in one transaction. Safe to run again: a row that has its scores
 * already is left alone, and the scores are deterministic (content-addressed blob, same bytes).
 * A box without the jet features the method needs gets no row (skipped, with the reason).
 */
/** AE epochs: the box's scoringConfig.aeEpochs, default 20. */
function aeEpochs(config: Record<string, unknown> | null): number {
  const e = Number(config?.aeEpochs ?? 20);
  return Number.isInteger(e) && e >= 1 && e <= 500 ? e : 20;
}

export const baselineJob = defineJob({
  kind: "baseline",
  payload: z.object({
    boxId: z.string().uuid(),
    method: z.enum(Object.keys(SCORE_BASELINES) as [keyof typeof SCORE_BASELINES]),
  }),
  handler: async ({ boxId, method }, ctx) => {
    const [box] = await ctx.db.select().from(blackBoxes).where(eq(blackBoxes.id, boxId)).limit(1);
    if (!box) return { skipped: "box deleted" };
    const where = and(eq(submissions.blackBoxId, box.id), eq(submissions.baseline, method));
    const [existing] = await ctx.db.select().from(submissions).where(where).limit(1);
    if (existing?.scoresBlob) return { skipped: "computed already", submissionId: existing.id };
    if (!box.publicBlob) throw new Error(`black box ${box.slug} has no public file`);
    await ctx.progress(0, 3, "reading the public file");
    const t0 = performance.now();
    const pf = await readPublicFeatures(blobStore().read(box.publicBlob), `${box.slug}.h5`);
    const missing = MAHALANOBIS_INPUTS.map((i) => i.feature).filter((f) => !pf.names.includes(f));
    if (missing.length > 0) return { skipped: `the box has no ${missing.join(", ")}` };
    const t1 = performance.now();
    let scores: Float64Array;
    let details: Record<string, unknown>;
    let device = "cpu";
    if (method === "ae") {
      // Training progress (epoch and loss) is this job's progress: the organizer page shows it.
      const ae = await aeBaseline(pf.features, pf.names, pf.n, {
        epochs: aeEpochs(box.scoringConfig),
        onEpoch: (epoch, loss) =>
          ctx.progress(epoch, aeEpochs(box.scoringConfig), `epoch ${epoch}: loss ${loss.toPrecision(4)}`),
      });
      scores = ae.scores;
      device = ae.device.device === "gpu" ? `gpu (${ae.device.adapter})` : "cpu";
      details = {
        backend: ae.backend,
        losses: ae.losses,
        trainSeconds: ae.trainSeconds,
        inferSeconds: ae.inferSeconds,
        inputs: ae.inputs,
        ...(ae.device.fallbackReason ? { fallbackReason: ae.device.fallbackReason } : {}),
      };
    } else {
      await ctx.progress(1, 3, "computing the scores");
      const result = mahalanobisBaseline(pf.features, pf.names, pf.n);
      scores = result.scores;
      details = { inputs: result.inputs, nFit: result.nFit };
    }
    const t2 = performance.now();
    const { sha256 } = blobStore().put(npyBytes(scores, [pf.n]));
    const seconds = (t2 - t1) / 1000;
    const description = [
      SCORE_BASELINES[method].summary,
      `Computed on ${device} in ${seconds.toFixed(2)} s (reading the file ${((t1 - t0) / 1000).toFixed(2)} s).`,
      `Recompute offline: arena baseline ${method} --features PUBLIC.h5 --out scores.npy`,
    ].join(" ");
    await ctx.progress(2, 3, "queueing the scoring");
    const submissionId = await ctx.db.transaction(async (tx) => {
      const values = {
        scoresBlob: sha256,
        method: SCORE_BASELINES[method].method,
        description,
        fileName: `${method}.npy`,
        fileDetails: { baseline: method, device, seconds, events: pf.n, ...details },
      };
      const [row] = await tx
        .insert(submissions)
        .values({ blackBoxId: box.id, baseline: method, kind: "scores", counted: false, ...values })
        .onConflictDoNothing()
        .returning();
      // A row without scores (inserted by hand, or by an older version) is completed, not duplicated.
      const target =
        row ??
        (
          await tx
            .update(submissions)
            .set({ ...values, status: "queued" })
            .where(and(where, isNull(submissions.scoresBlob)))
            .returning()
        )[0];
      if (!target) return null; // another run stored the scores meanwhile
      if (!row) await bumpLeaderboard(tx, { boxId: box.id }); // it may have been on the board
      const job = await enqueueJob(tx, {
        kind: "score-submission",
        payload: { submissionId: target.id },
        maxAttempts: 3,
      });
      await tx.update(submissions).set({ jobId: job.id }).where(eq(submissions.id, target.id));
      return target.id;
    });
    await ctx.progress(3, 3, "done");
    return { submissionId, seconds, events: pf.n };
  },
});
