import { parentPort, type Worker } from "node:worker_threads";
import { tsWorker } from "./threads";

/** What a worker thread gets for one job: the job, the shared block counter and its slot in `state`. */
export type BlockMessage<J> = { jobId: number; job: J; counter: Int32Array; state: Int32Array; slot: number };
type BlockReply = { jobId: number; error?: string };

/** state[slot]: 0 = not started, STARTED = filling blocks, CANCELLED = told not to start. */
const STARTED = 1;
const CANCELLED = 2;
/** Past any block index: set by a thread that failed, so the others stop early. */
const STOP = 0x3fffffff;

/**
 * Work cut into numbered blocks (the generator's events, the jets of an imported file), done by this
 * thread and up to `threads − 1` worker threads running `entry` — or, with `mainThread: false`, by
 * up to `threads` worker threads while this thread's event loop stays free. The job's arrays live in
 * shared memory; blocks are handed out by an atomic counter, so a worker that is still loading costs
 * nothing, and one that has not started when this thread runs out of blocks is cancelled rather than
 * waited for. Workers are kept, unreferenced (they never hold the process open), for the next job.
 * The entry calls `serveBlocks` with the same `fill`.
 */
export class BlockThreads<J> {
  private pool: Worker[] = [];
  private nextJob = 0;
  /**
   * Jobs each worker still owes a reply to. `ref()`/`unref()` are not counted by Node, so a late reply
   * to a job this thread stopped waiting for (a cancelled worker) must not unref a worker that the
   * next job is waiting on: the process would exit with that job's await unsettled (exit code 13).
   */
  private readonly pending = new Map<Worker, number>();

  /** @param entry the thread entry, e.g. `new URL("./jet-worker.ts", import.meta.url)` */
  constructor(private readonly entry: URL) {}

  /**
   * Fill blocks 0…blocks−1 of `job` with `fill(job, claim)` on `threads` threads (this one
   * included, unless `mainThread` is false). A failure in any thread is rethrown here; a worker's as
   * `toError(its message)`.
   */
  async run(
    job: J,
    blocks: number,
    threads: number,
    fill: (job: J, claim: () => number) => void,
    {
      toError = (m) => new Error(m),
      mainThread = true,
    }: { toError?: (message: string) => Error; mainThread?: boolean } = {},
  ): Promise<void> {
    const helpers = Math.max(0, Math.min(threads, blocks) - (mainThread ? 1 : 0));
    while (this.pool.length < helpers) this.pool.push(tsWorker(this.entry));
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const state = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, helpers)));
    const jobId = this.nextJob++;
    const replies = this.pool.slice(0, helpers).map((worker, slot) => {
      this.pending.set(worker, (this.pending.get(worker) ?? 0) + 1);
      worker.ref();
      const done = new Promise<BlockReply>((resolve, reject) => {
        const onMessage = (r: BlockReply) => {
          if (r.jobId !== jobId) return;
          cleanup();
          resolve(r);
        };
        const onError = (e: Error) => {
          cleanup();
          this.pool = this.pool.filter((w) => w !== worker);
          reject(e);
        };
        const cleanup = () => {
          worker.off("message", onMessage);
          worker.off("error", onError);
          const left = (this.pending.get(worker) ?? 1) - 1;
          this.pending.set(worker, left);
          if (left === 0) worker.unref();
        };
        worker.on("message", onMessage);
        worker.on("error", onError);
      });
      worker.postMessage({ jobId, job, counter, state, slot } satisfies BlockMessage<J>);
      return done;
    });
    let failure: unknown;
    if (mainThread) {
      try {
        fill(job, () => Atomics.add(counter, 0, 1));
      } catch (e) {
        Atomics.store(counter, 0, STOP);
        failure = e;
      }
    }
    // a worker that has not started once this thread is out of blocks is cancelled; without this
    // thread's share the workers do every block, so all of them are waited for
    const waits = replies.map((reply, slot) =>
      mainThread && Atomics.compareExchange(state, slot, 0, CANCELLED) === 0
        ? void reply.catch(() => undefined)
        : reply,
    );
    for (const r of await Promise.all(waits)) if (r?.error && !failure) failure = toError(r.error);
    if (failure) throw failure;
  }
}

/** The worker-thread side of `BlockThreads`: fill blocks of every job posted to this thread. */
export function serveBlocks<J>(fill: (job: J, claim: () => number) => void): void {
  parentPort?.on("message", (msg: BlockMessage<J>) => {
    let reply: BlockReply = { jobId: msg.jobId };
    // The main thread may have finished every block before this worker got here: then it cancels us.
    if (Atomics.compareExchange(msg.state, msg.slot, 0, STARTED) === 0) {
      try {
        fill(msg.job, () => Atomics.add(msg.counter, 0, 1));
      } catch (e) {
        Atomics.store(msg.counter, 0, STOP);
        reply = { jobId: msg.jobId, error: e instanceof Error ? e.message : String(e) };
      }
    }
    parentPort?.postMessage(reply);
  });
}
