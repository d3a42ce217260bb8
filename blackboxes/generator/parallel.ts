import os from "node:os";
import { BlockThreads } from "@/core/block-threads";
import type { Seed } from "./seed";
import { type BlockJob, blockCount, fillBlocks, type GeneratedEvents, planJob, result } from "./generate";

const threadsPool = new BlockThreads<BlockJob>(new URL("./gen-worker.ts", import.meta.url));

/**
 * generateEvents on `threads` threads (default: all cores), same bytes: the blocks of events are
 * shared by this thread and worker threads (`BlockThreads`). A failure inside a worker (e.g. an
 * untriggerable signal) is rethrown here as a RangeError with the worker's message.
 */
export async function generateEventsParallel(
  specInput: unknown,
  seed: Seed,
  threads = os.availableParallelism(),
): Promise<GeneratedEvents> {
  const job = planJob(specInput, seed, (n) => new SharedArrayBuffer(n));
  await threadsPool.run(job, blockCount(job.spec), threads, fillBlocks, {
    toError: (m) => new RangeError(m),
  });
  return result(job);
}
