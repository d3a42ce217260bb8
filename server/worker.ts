/**
 * `npm run worker`: a standalone job worker for PostgreSQL deployments (run as many as you like,
 * on as many machines). In embedded mode `npm start` runs the worker itself, since PGlite can
 * only have one owner. `npm run worker` runs this file from a bundle on bare Node
 * (scripts/build-worker.mjs), not under tsx.
 *
 * Exit status: 0 only after SIGINT/SIGTERM; 2 for a configuration error; 1 for anything
 * unexpected — run it under a supervisor that restarts it on failure (docs/operations.md). A
 * database outage is not a failure: the worker waits for the database, however long it is gone.
 */
import { configuredTarget, openDb, setDbHandle } from "@/lib/db/client";
import { isConnectionError } from "@/lib/db/errors";
import { migrateDb } from "@/lib/db/migrate";
import { env } from "@/lib/env";
import { describeForLog } from "@/lib/errors";
import { ensurePrivateDir } from "@/lib/storage/private";
import { outageTracker } from "@/lib/jobs/outage";
import { startWorker } from "@/lib/jobs/runner";

const e = env();
if (!e.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL (PostgreSQL). In embedded mode (PGlite) `npm start` runs the worker in its own process.",
  );
  process.exit(2);
}
let stopping = false;
// The event loop emptied while the worker should be running: nothing is waiting for jobs any more.
// Never a silent exit 0: a supervisor restarts only what fails.
process.on("beforeExit", () => {
  if (stopping) return;
  console.error("worker: nothing left running while the worker should be (a bug); exiting with status 1");
  process.exit(1);
});

const handle = await openDb(configuredTarget());
setDbHandle(handle);
// The database may be down when the worker starts (both restarted together): wait for it.
const startup = outageTracker((l) => console.log(l), "worker start-up");
for (;;) {
  try {
    await migrateDb(handle);
    startup.ok();
    break;
  } catch (err) {
    if (!isConnectionError(err)) throw err;
    startup.failed(err, "migration");
    await new Promise((r) => setTimeout(r, startup.delayMs()));
  }
}
// Blobs (sealed truth among them) land in the data directory: the owner alone reads it.
ensurePrivateDir(e.dataDir);
const worker = await startWorker({
  db: handle.db,
  mode: "standalone",
  leaseSeconds: e.ARENA_JOB_LEASE_SECONDS,
  pollMs: e.ARENA_WORKER_POLL_MS,
  warmUp: true,
  sweepMinutes: e.ARENA_BLOB_SWEEP_MINUTES,
});
console.log(`worker ${worker.id} started (lease ${e.ARENA_JOB_LEASE_SECONDS} s)`);
worker.done.catch((err: unknown) => {
  console.error(`worker ${worker.id} stopped on an unexpected error: ${describeForLog(err)}`);
  process.exit(1);
});

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing the current job…`);
  await worker.stop();
  await handle.close();
  // Peak resident memory and CPU time of the whole process, threads included (getrusage):
  // bench:scoring reads them.
  const use = process.resourceUsage();
  console.log(
    `worker stopped (peak RSS ${(use.maxRSS / 1024).toFixed(0)} MB, CPU ${((use.userCPUTime + use.systemCPUTime) / 1e6).toFixed(1)} s)`,
  );
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
