import { createRequire } from "node:module";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
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
 * A small worker_threads pool for pseudo-experiments. A run is split into contiguous toy-index
 * ranges, one per worker; since toy j depends only on (seed, j) the concatenated result is identical
 * for any number of threads. Call close() when done (workers keep the process alive).
 */
/**
 * Worker bootstrap: register tsx's loader inside the worker, then import toy-worker.ts. (On Node 20,
 * `execArgv: ["--import", "tsx"]` does not reach a worker's entry module: ERR_UNKNOWN_FILE_EXTENSION.)
 * Works under vitest and under `node --import tsx` alike.
 */
function bootstrap(): string {
  // tsx's ESM api sits next to its CJS one (package exports "./esm/api"); the CJS build cannot
  // register from an eval worker, the ESM one can.
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  const api = pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
  const entry = new URL("./toy-worker.ts", import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
}

export class ToyPool {
  private readonly workers: Worker[];
  private nextRun = 0;

  constructor(readonly threads = os.availableParallelism()) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be ≥ 1, got ${threads}`);
    this.workers = Array.from({ length: threads }, () => new Worker(bootstrap(), { eval: true }));
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
        return new Promise<void>((resolve, reject) => {
          const onMessage = (reply: Reply) => {
            if (reply.runId !== runId) return;
            worker.off("message", onMessage);
            worker.off("error", reject);
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
  const pool = new ToyPool(threads);
  try {
    return await pool.run(job);
  } finally {
    await pool.close();
  }
}
