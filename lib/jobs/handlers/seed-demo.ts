import { z } from "zod";
import { ensureDemoBoxes, ensureDemoChallenge, ensureDemoOrganizer } from "@/lib/demo/seed";
import { defineJob } from "../types";

/**
 * Build the demo challenge in the background, step by step with progress. Every step is
 * idempotent, so a run that is re-claimed after a crash finishes the work exactly once.
 * The black boxes are built by their own jobs (queued here), which open them when built.
 */
export const seedDemoJob = defineJob({
  kind: "seed-demo",
  /**
   * `events`: the events per demo box, as the process that created the demo was told
   * (ARENA_DEMO_EVENTS of `npm start`); absent: the built-in sizes. Carried in the job so that a
   * separate worker builds the demo the web process asked for, whatever its own environment says.
   */
  payload: z.object({
    organizerEmail: z.string().email(),
    events: z.number().int().min(1000).max(5_000_000).optional(),
  }),
  handler: async ({ organizerEmail, events }, ctx) => {
    const steps = 3;
    await ctx.progress(0, steps, "creating the LHC Olympics demo challenge");
    const challengeId = await ensureDemoChallenge(ctx.db);
    await ctx.progress(1, steps, "assigning the demo organizer");
    const organizer = await ensureDemoOrganizer(ctx.db, challengeId, organizerEmail);
    await ctx.progress(2, steps, "queueing the demo black boxes");
    const boxes = await ensureDemoBoxes(ctx.db, challengeId, events ?? null);
    await ctx.progress(3, steps, "done");
    return { challengeId, organizer, boxes };
  },
});
