import os from "node:os";
import type { Worker } from "node:worker_threads";
import { tsWorker } from "@/lib/threads";
import { JetFeatures, LHCO_SLOTS, N_JET_FEATURES } from "./features";

/** Events per block handed out by the shared counter: small enough to balance two threads. */
const BLOCK = 16;

/** A batch shared with the workers: rows in, features out, both in shared memory. */
export interface JetJob {
  rows: Float64Array;
  nEvents: number;
  stride: number;
  out: Float32Array;
}
export interface JetMessage {
  jobId: number;
  job: JetJob;
  counter: Int32Array;
  state: Int32Array;
  slot: number;
}
export type JetReply = { jobId: number; error?: string };

/** state[slot]: 0 = not started, STARTED = working, CANCELLED = told not to start. */
export const STARTED = 1;
const CANCELLED = 2;

/** Compute blocks claimed from `claim` until it hands out an index past the last block. */
export function fillJetBlocks(job: JetJob, claim: () => number, f: JetFeatures): void {
  const blocks = Math.ceil(job.nEvents / BLOCK);
  for (let b = claim(); b < blocks; b = claim()) {
    const end = Math.min(job.nEvents, (b + 1) * BLOCK);
    for (let i = b * BLOCK; i < end; i++)
      f.fromTriples(job.rows, i * job.stride, LHCO_SLOTS, job.out, i * N_JET_FEATURES);
  }
}

let pool: Worker[] = [];
const mainFeatures = new JetFeatures();
let nextJob = 0;

/**
 * The 13 jet features (`FEATURE_NAMES` order, see `JetFeatures`) of `nEvents` LHCO-layout rows:
 * row i starts at rows[i · stride] with 700 × (pT, η, φ) (stride 2100, or 2101 with the label).
 * Returns a Float32Array [nEvents, 13] on shared memory. Work is split over `threads` threads (this
 * one included) by an atomic block counter, as `generateEventsParallel` does; every event is computed
 * alone, so the bytes do not depend on the thread count. Rows already on a SharedArrayBuffer are read
 * in place; others are copied there once. Workers are kept, unreferenced, for the next call.
 * @throws RangeError when the rows are shorter than nEvents · stride or stride < 2100.
 */
export async function jetFeatures(
  rows: Float64Array,
  nEvents: number,
  stride = 3 * LHCO_SLOTS + 1,
  threads = os.availableParallelism(),
): Promise<Float32Array> {
  if (stride < 3 * LHCO_SLOTS) throw new RangeError(`stride ${stride} < ${3 * LHCO_SLOTS}`);
  if (rows.length < (nEvents - 1) * stride + 3 * LHCO_SLOTS && nEvents > 0)
    throw new RangeError(`${rows.length} values cannot hold ${nEvents} rows of stride ${stride}`);
  const out = new Float32Array(new SharedArrayBuffer(4 * N_JET_FEATURES * nEvents));
  const job: JetJob = { rows: shared(rows), nEvents, stride, out };
  const helpers = Math.max(0, Math.min(threads, Math.ceil(nEvents / BLOCK)) - 1);
  while (pool.length < helpers) pool.push(tsWorker(new URL("./jet-worker.ts", import.meta.url)));
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const state = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, helpers)));
  const jobId = nextJob++;
  const replies = pool.slice(0, helpers).map((worker, slot) => {
    worker.ref();
    const done = new Promise<JetReply>((resolve, reject) => {
      const onMessage = (r: JetReply) => {
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
    worker.postMessage({ jobId, job, counter, state, slot } satisfies JetMessage);
    return done;
  });
  let failure: unknown;
  try {
    fillJetBlocks(job, () => Atomics.add(counter, 0, 1), mainFeatures);
  } catch (e) {
    Atomics.store(counter, 0, 0x3fffffff);
    failure = e;
  }
  // a worker that has not started yet is cancelled rather than waited for (it may still be loading)
  const waits = replies.map((reply, slot) =>
    Atomics.compareExchange(state, slot, 0, CANCELLED) === 0 ? void reply.catch(() => undefined) : reply,
  );
  for (const r of await Promise.all(waits)) if (r?.error && !failure) failure = new Error(r.error);
  if (failure) throw failure;
  return out;
}

function shared(rows: Float64Array): Float64Array {
  if (rows.buffer instanceof SharedArrayBuffer) return rows;
  const copy = new Float64Array(new SharedArrayBuffer(rows.byteLength));
  copy.set(rows);
  return copy;
}
