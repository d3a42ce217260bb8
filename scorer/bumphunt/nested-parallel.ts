import type { Worker } from "node:worker_threads";
import { tsWorker } from "@/core/threads";
import type { NestedReply, NestedRunMessage } from "./nested-worker";
import { type NestedToyPlan, type NestedToyResult, runNestedToys } from "./nested-toys";

/** Toys per message: small enough to balance two threads, large enough that messages cost nothing. */
const CHUNK = 250;

/**
 * The refitted nested pseudo-experiments 0 … npe − 1 on `threads` worker threads (1: this thread).
 * Toy j depends only on (seed, j), so the result is the same for any thread count. Workers are kept
 * for the life of the process (starting one costs ~0.3 s) and never hold it open while idle.
 */
export async function runNestedToysParallel(
  plan: NestedToyPlan,
  seed: number,
  npe: number,
  threads: number,
): Promise<NestedToyResult> {
  if (threads <= 1 || npe <= CHUNK) return runNestedToys(plan, seed, 0, npe);
  const nCuts = plan.cuts.length;
  const t = new Float64Array(nCuts * npe);
  const gof = new Float64Array(nCuts * npe);
  const veto = new Uint8Array(nCuts * npe);
  const orders = new Array<number>(plan.settings.maxParams - plan.settings.minParams + 1).fill(0);
  const seconds = { fits: 0, scans: 0 };
  const workers = pool(threads);
  let next = 0;
  const place = (from: number, part: NestedToyResult) => {
    seconds.fits += part.seconds.fits;
    seconds.scans += part.seconds.scans;
    part.orders.forEach((c, i) => {
      orders[i]! += c;
    });
    const count = part.t.length / Math.max(1, nCuts);
    for (let k = 0; k < nCuts; k++) {
      t.set(part.t.subarray(k * count, (k + 1) * count), k * npe + from);
      gof.set(part.gof.subarray(k * count, (k + 1) * count), k * npe + from);
      veto.set(part.veto.subarray(k * count, (k + 1) * count), k * npe + from);
    }
  };
  await Promise.all(
    workers.map(async (worker) => {
      worker.ref();
      try {
        while (next < npe) {
          const from = next;
          const to = Math.min(npe, from + CHUNK);
          next = to;
          place(from, await ask(worker, { plan, seed, from, to }));
        }
      } finally {
        worker.unref();
      }
    }),
  );
  return { t, gof, veto, orders, seconds };
}

let nextId = 0;

function ask(worker: Worker, job: Omit<NestedRunMessage, "id">): Promise<NestedToyResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const done = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
    };
    const onMessage = (reply: NestedReply) => {
      if (reply.id !== id) return;
      done();
      if ("error" in reply) reject(new Error(reply.error));
      else resolve(reply);
    };
    const onError = (e: Error) => {
      done();
      workers.length = 0; // a crashed thread: start fresh ones next time
      reject(e);
    };
    worker.on("message", onMessage);
    worker.once("error", onError);
    worker.postMessage({ ...job, id });
  });
}

const workers: Worker[] = [];

function pool(threads: number): Worker[] {
  while (workers.length < threads) {
    const w = tsWorker(new URL("./nested-worker.ts", import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: 6 },
    });
    w.unref();
    workers.push(w);
  }
  return workers.slice(0, threads);
}

/** Start the threads now (a worker process does it at start), so the first scoring job does not wait. */
export function warmNestedPool(threads: number): void {
  if (threads > 1) pool(threads);
}
