import { findBox } from "@/lib/blackboxes/find";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { jobs } from "@/lib/jobs/definitions";
import { handle } from "../types";

/**
 * Carry out a scheduled close or reveal (queued with runAt = the scheduled time). Re-checks the box:
 * a job whose time no longer matches the box's schedule (the organizer changed it) does nothing, and
 * a reveal due while the box is still open closes it first.
 */
export const blackboxTransitionJob = handle(jobs.blackboxTransition, {
  handler: async ({ boxId, to, at }, ctx) => {
    let box = await findBox(ctx.db, boxId);
    if (!box) return { skipped: "box deleted" };
    const scheduled = to === "closed" ? box.closesAt : box.revealAt;
    if (scheduled?.toISOString() !== at) return { skipped: "schedule changed" };
    const now = Date.now();
    if (box.status === "open" && box.closesAt && box.closesAt.getTime() <= now) {
      await transitionBlackBox(ctx.db, null, { boxId }, "closed");
      box = await findBox(ctx.db, boxId);
    }
    if (to === "revealed" && box?.status === "closed" && box.revealAt && box.revealAt.getTime() <= now) {
      await transitionBlackBox(ctx.db, null, { boxId }, "revealed");
    }
    return { status: (await findBox(ctx.db, boxId))?.status ?? "gone" };
  },
});
