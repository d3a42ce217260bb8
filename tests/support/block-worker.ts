// Worker entry for core/block-threads.test.ts: block b of the job writes b + 1 into its slot.
import { serveBlocks } from "@/core/block-threads";

export type MarkJob = { marks: Int32Array };

/** Mark every claimed block: marks[b] = b + 1. */
function markBlocks(job: MarkJob, claim: () => number): void {
  for (let b = claim(); b < job.marks.length; b = claim()) job.marks[b] = b + 1;
}

serveBlocks<MarkJob>(markBlocks);
