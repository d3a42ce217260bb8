import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { blackBoxes, submissions } from "@/lib/db/schema";
import { enqueueJob } from "@/lib/jobs/queue";
import { freezeWhenRescored } from "@/lib/submissions/leaderboard";
import { defineJob } from "../types";

/**
 * After a reveal: rescore every submission of the box with the truth (one score-submission job per
 * submission, reason "reveal": a fan-out whose progress is this job's), and freeze the leaderboards
 * once the last rescoring is done (score-submission calls freezeWhenRescored; here too, for a box with
 * nothing to rescore). Idempotent: rescoring jobs are singletons per submission and reveal time.
 */
export const boxRevealJob = defineJob({
  kind: "box-reveal",
  payload: z.object({
    boxId: z.string().uuid(),
    /** An organizer's rescore of a revealed box (ISO time of the request): a new leaderboard version. */
    rescoreSince: z.string().optional(),
  }),
  handler: async ({ boxId, rescoreSince }, ctx) => {
    const [box] = await ctx.db.select().from(blackBoxes).where(eq(blackBoxes.id, boxId)).limit(1);
    if (!box) return { skipped: "box deleted" };
    // An organizer's rescore runs on an open, closed or revealed box; the reveal's only once revealed.
    if (rescoreSince ? box.status === "draft" : box.status !== "revealed" || !box.revealedAt)
      return { skipped: rescoreSince ? "draft box" : "not revealed" };
    const subs = await ctx.db
      .select({ id: submissions.id })
      .from(submissions)
      .where(
        and(eq(submissions.blackBoxId, box.id), inArray(submissions.status, ["scored", "queued", "scoring"])),
      );
    let i = 0;
    for (const s of subs) {
      await enqueueJob(ctx.db, {
        kind: "score-submission",
        payload: rescoreSince
          ? { submissionId: s.id, reason: "rescore", since: rescoreSince }
          : { submissionId: s.id, reason: "reveal" },
        singletonKey: `rescore:${s.id}:${rescoreSince ?? box.revealedAt?.toISOString()}`,
        maxAttempts: 3,
      });
      await ctx.progress(++i, subs.length, `queued rescoring ${i} of ${subs.length}`);
    }
    return { rescoring: subs.length, frozen: await freezeWhenRescored(ctx.db, box.id, rescoreSince) };
  },
});
