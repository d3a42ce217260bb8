import os from "node:os";
import { BlockThreads } from "@/core/block-threads";
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

/** Compute blocks claimed from `claim` until it hands out an index past the last block. */
export function fillJetBlocks(job: JetJob, claim: () => number, f: JetFeatures): void {
  const blocks = Math.ceil(job.nEvents / BLOCK);
  for (let b = claim(); b < blocks; b = claim()) {
    const end = Math.min(job.nEvents, (b + 1) * BLOCK);
    for (let i = b * BLOCK; i < end; i++)
      f.fromTriples(job.rows, i * job.stride, LHCO_SLOTS, job.out, i * N_JET_FEATURES);
  }
}

const threadsPool = new BlockThreads<JetJob>(new URL("./jet-worker.ts", import.meta.url));
const mainFeatures = new JetFeatures();

/**
 * The 13 jet features (`FEATURE_NAMES` order, see `JetFeatures`) of `nEvents` LHCO-layout rows:
 * row i starts at rows[i · stride] with 700 × (pT, η, φ) (stride 2100, or 2101 with the label).
 * Returns a Float32Array [nEvents, 13] on shared memory. Work is split over `threads` threads (this
 * one included, `BlockThreads`; with `mainThread: false` worker threads only, so this thread's event
 * loop stays free); every event is computed alone, so the bytes do not depend on the thread count.
 * Rows already on a SharedArrayBuffer are read in place; others are copied there once.
 * @throws RangeError when the rows are shorter than nEvents · stride or stride < 2100.
 */
export async function jetFeatures(
  rows: Float64Array,
  nEvents: number,
  stride = 3 * LHCO_SLOTS + 1,
  threads = os.availableParallelism(),
  { mainThread = true }: { mainThread?: boolean } = {},
): Promise<Float32Array> {
  if (stride < 3 * LHCO_SLOTS) throw new RangeError(`stride ${stride} < ${3 * LHCO_SLOTS}`);
  if (rows.length < (nEvents - 1) * stride + 3 * LHCO_SLOTS && nEvents > 0)
    throw new RangeError(`${rows.length} values cannot hold ${nEvents} rows of stride ${stride}`);
  const out = new Float32Array(new SharedArrayBuffer(4 * N_JET_FEATURES * nEvents));
  const job: JetJob = { rows: shared(rows), nEvents, stride, out };
  await threadsPool.run(
    job,
    Math.ceil(nEvents / BLOCK),
    threads,
    (j, claim) => fillJetBlocks(j, claim, mainFeatures),
    { mainThread },
  );
  return out;
}

function shared(rows: Float64Array): Float64Array {
  if (rows.buffer instanceof SharedArrayBuffer) return rows;
  const copy = new Float64Array(new SharedArrayBuffer(rows.byteLength));
  copy.set(rows);
  return copy;
}
