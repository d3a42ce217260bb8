/**
 * Test helper process: owns a PGlite data directory (argv[2]) and runs the real worker loop on it,
 * with one extra job kind, "test-wait-for-file", whose handler reports progress and then waits
 * until the file named in its payload exists — so a test can kill this process mid-job, for sure.
 */
import fs from "node:fs";
import { openDb } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { JOB_DEFINITIONS } from "@/lib/jobs/handlers";
import { startWorker } from "@/lib/jobs/runner";
import { handle as register } from "@/lib/jobs/types";
import { waitForFileJob } from "./test-jobs";

const waitForFile = register(waitForFileJob, {
  handler: async ({ file }, ctx) => {
    await ctx.progress(1, 2, "waiting for the release file");
    console.log(`job ${ctx.job.id} waiting on attempt ${ctx.job.attempts}`);
    while (!fs.existsSync(file)) {
      await new Promise((r) => setTimeout(r, 50));
      await ctx.progress(1, 2, "waiting for the release file");
    }
    return { releasedBy: process.pid };
  },
});

const dataDir = process.argv[2];
const lease = Number(process.argv[3] ?? "2");
if (!dataDir) throw new Error("usage: embedded-worker.ts DATA_DIR [LEASE_SECONDS]");
const handle = await openDb({ dataDir });
await migrateDb(handle);
const worker = await startWorker({
  db: handle.db,
  mode: "embedded",
  leaseSeconds: lease,
  pollMs: 100,
  definitions: { ...JOB_DEFINITIONS, [waitForFile.kind]: waitForFile },
  log: (l) => console.log(l),
});
console.log(`ready ${worker.id}`);
process.on("SIGTERM", async () => {
  await worker.stop();
  await handle.close();
  process.exit(0);
});
