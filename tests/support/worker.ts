import type { Db } from "@/lib/db/client";
import { startWorker } from "@/scorer/worker/runner";

/** Run the real worker until the queue has nothing runnable, then stop it. */
export async function drainJobs(db: Db): Promise<void> {
  const worker = await startWorker({ db, mode: "embedded", leaseSeconds: 30, pollMs: 50, log: () => {} });
  await worker.idle();
  await worker.stop();
}
