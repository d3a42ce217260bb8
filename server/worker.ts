/**
 * `npm run worker`: a standalone job worker for PostgreSQL deployments (run as many as you like,
 * on as many machines). In embedded mode `npm start` runs the worker itself, since PGlite can
 * only have one owner.
 */
import { env } from "@/lib/env";
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
const worker = await startWorker({
  db: handle.db,
  mode: "standalone",
  leaseSeconds: e.ARENA_JOB_LEASE_SECONDS,
});
console.log(`worker ${worker.id} started (lease ${e.ARENA_JOB_LEASE_SECONDS} s)`);

async function shutdown(signal: string) {
  console.log(`${signal}: finishing the current job…`);
  await worker.stop();
  await handle.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
