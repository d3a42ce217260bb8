import os from "node:os";
import type { Worker } from "node:worker_threads";
import { tsWorker } from "@/lib/threads";
import { type BlockJob, blockCount, fillBlocks, type GeneratedEvents, planJob, result } from "./generate";

/** A job for one worker: the shared output arrays and block counter, and its slot in `state`. */
export interface GenMessage {
  jobId: number;
  job: BlockJob;
  counter: Int32Array;
  state: Int32Array;
  slot: number;
}
export type GenReply = { jobId: number; error?: string };

/** state[slot]: 0 = not started, STARTED = filling blocks, CANCELLED = told not to start. */
export const STARTED = 1;
const CANCELLED = 2;

let pool: Worker[] = [];
let nextJob = 0;

/**
 * generateEvents on `threads` threads (default: all cores), same bytes. This thread fills blocks too,
 * from the start, so a worker that is still loading costs nothing: blocks are handed out by an atomic
 * counter in shared memory, and a worker that has not started when this thread runs out of blocks is
 * cancelled rather than waited for. Workers are kept (unreferenced, so they never hold the process
 * open) for the next call. A failure inside a worker (e.g. an untriggerable signal) is rethrown here as
 * a RangeError with the worker's message.
 */
export async function generateEventsParallel(
  specInput: unknown,
  seed: number,
  threads = os.availableParallelism(),
): Promise<GeneratedEvents> {
  const job = planJob(specInput, seed, (n) => new SharedArrayBuffer(n));
  const helpers = Math.min(threads, blockCount(job.spec)) - 1;
  while (pool.length < helpers) pool.push(tsWorker(new URL("./gen-worker.ts", import.meta.url)));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const state = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, helpers)));
  const jobId = nextJob++;
  const replies = pool.slice(0, helpers).map((worker, slot) => {
    worker.ref();
    const done = new Promise<GenReply>((resolve, reject) => {
      const onMessage = (r: GenReply) => {
        if (r.jobId !== jobId) return;
        cleanup();
        resolve(r);
      };
      const onError = (e: Error) => {
        cleanup();
        pool = pool.filter((w) => w !== worker);
        reject(e);
      };
      const cleanup = () => {
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.unref();
      };
      worker.on("message", onMessage);
      worker.on("error", onError);
    });
    worker.postMessage({ jobId, job, counter, state, slot } satisfies GenMessage);
    return done;
  });
  let failure: unknown;
  try {
    fillBlocks(job, () => Atomics.add(counter, 0, 1));
  } catch (e) {
    Atomics.store(counter, 0, 0x3fffffff);
    failure = e;
  }
  const waits = replies.map((reply, slot) =>
    Atomics.compareExchange(state, slot, 0, CANCELLED) === 0 ? void reply.catch(() => undefined) : reply,
  );
  for (const r of await Promise.all(waits)) if (r?.error && !failure) failure = new RangeError(r.error);
  if (failure) throw failure;
  return result(job);
}
