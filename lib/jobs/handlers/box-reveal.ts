import { findBox } from "@/lib/blackboxes/find";
import { jobs } from "@/lib/jobs/definitions";
import { freezeWhenRescored } from "@/lib/submissions/leaderboard";
import { queueRescoring, rescorableSubmissions } from "@/lib/submissions/scoring";
import { handle } from "../types";

/**
 * After a reveal: rescore every submission of the box with the truth (one score-submission job per
 * submission, reason "reveal": a fan-out whose progress is this job's), and freeze the leaderboards
 * once the last rescoring is done (score-submission calls freezeWhenRescored; here too, for a box with
 * nothing to rescore). Idempotent: rescoring jobs are singletons per submission and reveal time.
 */
export const boxRevealJob = handle(jobs.boxReveal, {
  handler: async ({ boxId, rescoreSince }, ctx) => {
    const box = await findBox(ctx.db, boxId);
    if (!box) return { skipped: "box deleted" };
    // An organizer's rescore runs on an open, closed or revealed box; the reveal's only once revealed.
    if (rescoreSince ? box.status === "draft" : box.status !== "revealed" || !box.revealedAt)
      return { skipped: rescoreSince ? "draft box" : "not revealed" };
    const ids = await rescorableSubmissions(ctx.db, box.id);
    let i = 0;
    for (const id of ids) {
      await queueRescoring(ctx.db, id, {
        since: rescoreSince,
        singletonKey: `rescore:${id}:${rescoreSince ?? box.revealedAt?.toISOString()}`,
      });
      await ctx.progress(++i, ids.length, `queued rescoring ${i} of ${ids.length}`);
    }
    return { rescoring: ids.length, frozen: await freezeWhenRescored(ctx.db, box.id, rescoreSince) };
  },
});
