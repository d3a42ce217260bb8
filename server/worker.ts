/**
 * `npm run worker`: a standalone job worker for PostgreSQL deployments (run as many as you like,
 * on as many machines). In embedded mode `npm start` runs the worker itself, since PGlite can
 * only have one owner. `npm run worker` runs this file from a bundle on bare Node
 * (scripts/build-worker.mjs), not under tsx.
 */
import { env } from "@/lib/env";
import { ensurePrivateDir } from "@/lib/storage/private";
import { startWorker } from "@/scorer/worker/runner";
import { openAndMigrate } from "./bootstrap";

const e = env();
if (!e.DATABASE_URL) {
  console.error(
    "npm run worker needs DATABASE_URL (PostgreSQL). In embedded mode (PGlite) `npm start` runs the worker in its own process.",
  );
  process.exit(2);
}
const handle = await openAndMigrate();
// Blobs (sealed truth among them) land in the data directory: the owner alone reads it.
ensurePrivateDir(e.dataDir);
const worker = await startWorker({
  db: handle.db,
  mode: "standalone",
  leaseSeconds: e.ARENA_JOB_LEASE_SECONDS,
  pollMs: e.ARENA_WORKER_POLL_MS,
  warmUp: true,
});
console.log(`worker ${worker.id} started (lease ${e.ARENA_JOB_LEASE_SECONDS} s)`);

async function shutdown(signal: string) {
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
