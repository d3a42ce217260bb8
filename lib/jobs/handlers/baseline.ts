import { findBox } from "@/lib/blackboxes/find";
import { jobs } from "@/lib/jobs/definitions";
import {
  aeEpochs,
  baselineValues,
  computeBaselineScores,
  readBoxFeatures,
} from "@/lib/submissions/baseline-scores";
import { findBaseline, storeBaseline } from "@/lib/submissions/baselines";
import { handle } from "../types";

/**
 * Compute a score baseline of a box (queued when the box opens): read the public file, compute the
 * per-event scores, store them as a team upload is stored, and add the baseline row (teamId null,
 * `baseline` = method; unique per box) with a score-submission job, in one transaction. Safe to run
 * again: a row that has its scores already is left alone, and the scores are deterministic
 * (content-addressed blob, same bytes). A box without the jet features the method needs gets no row
 * (skipped, with the reason).
 */
export const baselineJob = handle(jobs.baseline, {
  handler: async ({ boxId, method }, ctx) => {
    const box = await findBox(ctx.db, boxId);
    if (!box) return { skipped: "box deleted" };
    const existing = await findBaseline(ctx.db, box.id, method);
    if (existing?.scoresBlob) return { skipped: "computed already", submissionId: existing.id };
    if (!box.publicBlob) throw new Error(`black box ${box.slug} has no public file`);
    await ctx.progress(0, 3, "reading the public file");
    const t0 = performance.now();
    const pf = await readBoxFeatures(box.publicBlob, box.slug);
    if ("skipped" in pf) return pf;
    const t1 = performance.now();
    const epochs = aeEpochs(box.scoringConfig);
    const computed = await computeBaselineScores(method, pf, { epochs, progress: ctx.progress });
    const seconds = (performance.now() - t1) / 1000;
    const values = baselineValues(method, computed, { n: pf.n, seconds, readSeconds: (t1 - t0) / 1000 });
    await ctx.progress(2, 3, "queueing the scoring");
    const submissionId = await storeBaseline(ctx.db, box.id, method, values);
    await ctx.progress(3, 3, "done");
    return { submissionId, seconds, events: pf.n };
  },
});
