/**
 * Test helper process: owns a PGlite data directory (argv[2]) and runs the real worker loop on it
 * with the real jobs, except that score-submission pauses when it reaches "storing the evaluation"
 * (the discovery is computed, the submission is "scoring", nothing is written yet) until the file
 * argv[4] exists — so a test can kill this process mid-scoring, for sure. argv[3]: lease seconds.
 */
import fs from "node:fs";
import { openDb } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { jobs } from "@/lib/jobs/definitions";
import { JOB_DEFINITIONS } from "@/lib/jobs/handlers";
import { startWorker } from "@/lib/jobs/runner";
import type { JobHandler } from "@/lib/jobs/types";

const [dataDir, leaseArg, release] = process.argv.slice(2);
if (!dataDir || !release)
  throw new Error("usage: holding-score-worker.ts DATA_DIR LEASE_SECONDS RELEASE_FILE");
const real = JOB_DEFINITIONS[jobs.scoreSubmission.kind] as JobHandler;
const holding: JobHandler = {
  ...real,
  run: (payload, ctx) =>
    real.run(payload, {
      ...ctx,
      progress: async (step, of, message) => {
        await ctx.progress(step, of, message);
        if (step !== 2) return;
        console.log(`job ${ctx.job.id} holding before the evaluation on attempt ${ctx.job.attempts}`);
        while (!fs.existsSync(release)) await new Promise((r) => setTimeout(r, 50));
      },
    }),
};
const handle = await openDb({ dataDir });
await migrateDb(handle);
const worker = await startWorker({
  db: handle.db,
  mode: "embedded",
  leaseSeconds: Number(leaseArg ?? "2"),
  pollMs: 100,
  definitions: { ...JOB_DEFINITIONS, [jobs.scoreSubmission.kind]: holding },
  log: (l) => console.log(l),
});
console.log(`ready ${worker.id}`);
process.on("SIGTERM", async () => {
  await worker.stop();
  await handle.close();
  process.exit(0);
});
