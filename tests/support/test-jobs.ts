import { z } from "zod";
import { defineJob } from "@/lib/jobs/definitions";

/**
 * The embedded test worker's extra kind (tests/support/embedded-worker.ts): reports progress, then
 * waits until the file `file` exists — so a test can kill its worker mid-job, for sure.
 */
export const waitForFileJob = defineJob("test-wait-for-file", z.object({ file: z.string() }));
