import type { Db } from "@/lib/db/client";
import { type RunningWorker, startWorker } from "@/lib/jobs/runner";

/** Run the real worker until the queue has nothing runnable, then stop it. */
export async function drainJobs(db: Db): Promise<void> {
  const worker = await startWorker({ db, mode: "embedded", leaseSeconds: 30, pollMs: 50, log: () => {} });
  await worker.idle();
  await worker.stop();
}

/** A started worker loop and whether its `done` has settled (it stopped, by returning or by throwing). */
export async function trackedWorker(
  options: Parameters<typeof startWorker>[0],
): Promise<{ worker: RunningWorker; settled: boolean }> {
  const worker = await startWorker(options);
  const entry = { worker, settled: false };
  worker.done.then(
    () => (entry.settled = true),
    () => (entry.settled = true),
  );
  return entry;
}
