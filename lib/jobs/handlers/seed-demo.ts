import { ensureDemoBoxes, ensureDemoChallenge, ensureDemoOrganizer } from "@/lib/demo/seed";
import { jobs } from "@/lib/jobs/definitions";
import { handle } from "../types";

/**
 * Build the demo challenge in the background, step by step with progress. Every step is
 * idempotent, so a run that is re-claimed after a crash finishes the work exactly once.
 * The black boxes are built by their own jobs (queued here), which open them when built.
 */
export const seedDemoJob = handle(jobs.seedDemo, {
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
