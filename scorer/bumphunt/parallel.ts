import os from "node:os";
import type { Worker } from "node:worker_threads";
import { tsWorker } from "@/core/threads";
import type { Reply, RunMessage } from "./toy-worker";
import { planToys, runToys } from "./toys";
import type { ScanSettings } from "./windows";

export interface ToyJob {
  background: ArrayLike<number>;
  settings?: ScanSettings;
  seed: number;
  npe: number;
}

/**
 * A toy allocates only short-lived arrays: a small young generation keeps each thread's heap (and the
 * allocator pages behind it) near 10 MB instead of growing to V8's 16 MB semi-spaces, at no measurable
 * cost in speed.
 */
const TOY_THREAD_LIMITS = { maxYoungGenerationSizeMb: 6 };

/**
 * A small worker_threads pool for pseudo-experiments. A run is split into contiguous toy-index
 * ranges, one per worker; since toy j depends only on (seed, j) the concatenated result is identical
 * for any number of threads. Idle workers are unreferenced (they never hold the process open); a run
 * references them until it ends. Call close() to end them.
 */
export class ToyPool {
  private readonly workers: Worker[];
  private nextRun = 0;

  constructor(readonly threads = os.availableParallelism()) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be ≥ 1, got ${threads}`);
    this.workers = Array.from({ length: threads }, () => {
      const w = tsWorker(new URL("./toy-worker.ts", import.meta.url), { resourceLimits: TOY_THREAD_LIMITS });
      w.unref();
      return w;
    });
  }

  /** t values of toys 0 … npe − 1, in toy order. */
  async run(job: ToyJob): Promise<Float64Array> {
    const runId = this.nextRun++;
    const background = Float64Array.from(job.background);
    const out = new Float64Array(job.npe);
    const per = Math.ceil(job.npe / this.workers.length);
    await Promise.all(
      this.workers.map((worker, i) => {
        const from = Math.min(job.npe, i * per);
        const to = Math.min(job.npe, from + per);
        if (from >= to) return Promise.resolve();
        const msg: RunMessage = { runId, background, settings: job.settings ?? {}, seed: job.seed, from, to };
        worker.ref();
        return new Promise<void>((resolve, reject) => {
          const onMessage = (reply: Reply) => {
            if (reply.runId !== runId) return;
            worker.off("message", onMessage);
            worker.off("error", reject);
            worker.unref();
            if ("error" in reply) reject(new Error(reply.error));
            else {
              out.set(reply.t, reply.from);
              resolve();
            }
          };
          worker.on("message", onMessage);
          worker.once("error", reject);
          worker.postMessage(msg);
        });
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Pseudo-experiment t values with `threads` workers (default: all cores); threads = 1 runs in this
 * thread without a worker. The result is the same whatever the thread count.
 */
export async function runToysParallel(job: ToyJob & { threads?: number }): Promise<Float64Array> {
  const threads = job.threads ?? os.availableParallelism();
  if (threads <= 1) return runToys(planToys(job.background, job.settings), job.seed, 0, job.npe);
  // One pool per thread count for the life of the process: starting workers costs ~0.3 s each time.
  warmToyPool(threads);
  const pool = pools.get(threads) as ToyPool;
  try {
    return await pool.run(job);
  } catch (e) {
    pools.delete(threads);
    await pool.close();
    throw e;
  }
}

const pools = new Map<number, ToyPool>();

/** Start the shared pool's threads now (a worker does it at start), so the first scoring job does not wait for them. */
export function warmToyPool(threads = os.availableParallelism()): void {
  if (threads > 1 && !pools.has(threads)) pools.set(threads, new ToyPool(threads));
}
