import { eq } from "drizzle-orm";
import { z } from "zod";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { blackBoxes } from "@/lib/db/schema";
import { defineJob } from "../types";

/**
 * Carry out a scheduled close or reveal (queued with runAt = the scheduled time). Re-checks the box:
 * a job whose time no longer matches the box's schedule (the organizer changed it) does nothing, and
 * a reveal due while the box is still open closes it first.
 */
export const blackboxTransitionJob = defineJob({
  kind: "blackbox-transition",
  payload: z.object({ boxId: z.string().uuid(), to: z.enum(["closed", "revealed"]), at: z.string() }),
  handler: async ({ boxId, to, at }, ctx) => {
    const load = async () =>
      (await ctx.db.select().from(blackBoxes).where(eq(blackBoxes.id, boxId)).limit(1))[0];
    let box = await load();
    if (!box) return { skipped: "box deleted" };
    const scheduled = to === "closed" ? box.closesAt : box.revealAt;
    if (scheduled?.toISOString() !== at) return { skipped: "schedule changed" };
    const now = Date.now();
    if (box.status === "open" && box.closesAt && box.closesAt.getTime() <= now) {
      await transitionBlackBox(ctx.db, null, { boxId }, "closed");
      box = await load();
    }
    if (to === "revealed" && box?.status === "closed" && box.revealAt && box.revealAt.getTime() <= now) {
      await transitionBlackBox(ctx.db, null, { boxId }, "revealed");
    }
    return { status: (await load())?.status ?? "gone" };
  },
});
