import { z } from "zod";
import { ensureDemoChallenge, ensureDemoOrganizer } from "@/lib/demo/seed";
import { defineJob } from "../types";

/**
 * Build the demo challenge in the background, step by step with progress. Every step is
 * idempotent, so a run that is re-claimed after a crash finishes the work exactly once.
 * Later issues add the demo black boxes (event generation, the slow part) as further steps.
 */
export const seedDemoJob = defineJob({
  kind: "seed-demo",
  payload: z.object({ organizerEmail: z.string().email() }),
  handler: async ({ organizerEmail }, ctx) => {
    const steps = 2;
    await ctx.progress(0, steps, "creating the LHC Olympics demo challenge");
    const challengeId = await ensureDemoChallenge(ctx.db);
    await ctx.progress(1, steps, "assigning the demo organizer");
    const organizer = await ensureDemoOrganizer(ctx.db, challengeId, organizerEmail);
    await ctx.progress(2, steps, "done");
    return { challengeId, organizer };
  },
});
