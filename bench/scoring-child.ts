/**
 * The timed part of bench:scoring in embedded mode (see scoring.ts): PGlite has one owner, so uploads
 * and the worker share this fresh process, and its peak RSS is the web + worker pipeline's.
 */
import { getDb, getDbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { startWorker } from "@/lib/jobs/runner";
import { timeUploads } from "./scoring-uploads";

const [slug, email, file] = process.argv.slice(2) as [string, string, string];
const db = await getDb();
await migrateDb(await getDbHandle());
const worker = await startWorker({
  db,
  mode: "embedded",
  leaseSeconds: 60,
  pollMs: 20,
  log: () => {},
  warmUp: true, // as `npm start` runs it
});
// Timed from the end of the warm-up, as for the standalone worker (scoring.ts).
await worker.warmedUp;
await timeUploads(db, slug, email, file);
await worker.stop();
const rss = process.resourceUsage().maxRSS / 1024;
console.log(
  `peak RSS of the web + worker process (embedded PGlite, in this process, under tsx): ${rss.toFixed(0)} MB`,
);
process.exit(0);
