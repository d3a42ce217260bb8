/**
 * `npm run bench:scoring`: upload → scored → on the leaderboard, for a 1M-event box (the built-in
 * bb1 spec: 1M QCD + 834 signal) with 4 cuts × 10⁴ refitted nested pseudo-experiments on the CPU.
 * Setup (generate, build, open, baseline) runs here. With DATABASE_URL (PostgreSQL) the uploads are
 * made here too and a fresh `npm run worker` (the bundle on bare Node, as deployed) scores them; its
 * peak RSS is the figure reported. In embedded mode (PGlite has one owner) the timed part runs in a
 * fresh child process (scoring-child.ts) holding uploads and worker, and its peak RSS is reported.
 * Targets: ≤ 3 s (SCORING §2 v2: 4 cuts × 10⁴ refitted nested toys on 2 cores) and a worker peak RSS ≤ 300 MB.
 */
import { spawn, spawnSync } from "node:child_process";
import postgres from "postgres";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { builtinBoxes } from "@/lib/blackboxes/builtin";
import { createBlackBox, requestBuild, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import { openDb, setDbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { readPublicFeature } from "@/core/formats";
import { npyBytes } from "@/core/formats/npy";
import { blobStore } from "@/lib/storage";
import { createTeam } from "@/lib/teams";
import { signUp, toActor } from "@/lib/users";
import { startWorker } from "@/lib/jobs/runner";
import { timeUploads } from "./scoring-uploads";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-bench-scoring-"));
process.env.ARENA_DATA_DIR = dir;
resetEnvCache();
// With DATABASE_URL: a fresh database beside it, dropped at the end (never the one it names).
const base = process.env.DATABASE_URL;
const dbName = `arena_bench_${Date.now().toString(36)}`;
let url: string | undefined;
if (base) {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  url = u.toString();
  process.env.DATABASE_URL = url;
  resetEnvCache();
}
const target = url ? { url } : { dataDir: path.join(dir, "pgdata") };
const h = await openDb(target);
await migrateDb(h);
setDbHandle(h);
const db = h.db;
const tag = Date.now().toString(36);
const org = toActor(
  await signUp(
    db,
    { email: `org-${tag}@bench.arena`, name: "Org", password: "correct horse battery" },
    "organizer",
  ),
  "session",
);
const email = `team-${tag}@bench.arena`;
const member = toActor(
  await signUp(db, { email, name: "Bench team", password: "correct horse battery" }),
  "session",
);
const slug = `bench-${tag}`;
await createChallenge(db, org, { slug, title: "Scoring bench", status: "published" });
await createTeam(db, member, slug, { name: "Benchers" });
const bb1 = builtinBoxes().find((b) => b.slug === "bb1");
if (!bb1) throw new Error("built-in bb1 missing");
await createBlackBox(db, org, slug, {
  slug: "bb1",
  title: bb1.title,
  mode: "blind",
  spec: { generator: bb1.generator, seed: 1 },
  scoringConfig: bb1.scoringConfig,
  quotas: { submissionsPerDay: 100, submissionsTotal: 100 },
});
const t0 = performance.now();
await requestBuild(db, org, slug, "bb1");
const drain = async () => {
  const w = await startWorker({ db, mode: "embedded", leaseSeconds: 60, pollMs: 50, log: () => {} });
  await w.idle();
  await w.stop();
};
await drain();
await transitionBlackBox(db, org, { challengeSlug: slug, boxSlug: "bb1" }, "open");
await drain(); // the bump-hunt baseline
console.log(
  `setup: bb1 built, opened and its baseline scored in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// The team's upload: [N, 2] = (event_id, score) float64 .npy, score = heavier jet mass.
const { box } = await import("@/lib/blackboxes/lifecycle").then((m) => m.getBlackBox(db, org, slug, "bb1"));
const pub = blobStore().read(box.publicBlob as string);
const a = await readPublicFeature(pub, "public.h5", "mj1");
const b = await readPublicFeature(pub, "public.h5", "mj2");
const n = a.values.length;
const body = new Float64Array(2 * n);
for (let i = 0; i < n; i++) {
  body[2 * i] = Number(a.eventIds[i]);
  body[2 * i + 1] = Math.max(a.values[i] as number, b.values[i] as number);
}
const file = path.join(dir, "scores.npy");
fs.writeFileSync(file, npyBytes(body, [n, 2]));

let status = 1;
try {
  if (base) status = await withStandaloneWorker(() => timeUploads(db, slug, email, file));
  else {
    await h.close();
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "scoring-child.ts"), slug, email, file],
      { env: { ...process.env, ARENA_DATA_DIR: dir }, stdio: "inherit" },
    );
    status = child.status ?? 1;
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  if (base) {
    await h.close();
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
  }
}
process.exit(status);

/**
 * Run `timed` while a fresh `npm run worker`, polling every 20 ms and done with its start-up warm-up,
 * serves the queue; then stop it and print its peak RSS (its own getrusage, logged as it exits). Returns the worker's exit status.
 */
async function withStandaloneWorker(timed: () => Promise<void>): Promise<number> {
  const worker = spawn("npm", ["run", "--silent", "worker"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: { ...process.env, ARENA_DATA_DIR: dir, ARENA_WORKER_POLL_MS: "20" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const exited = new Promise<number>((resolve) => worker.once("exit", (code) => resolve(code ?? 1)));
  await new Promise<void>((resolve, reject) => {
    worker.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      // Timed from the end of its warm-up, as a worker that has been running a while (the first
      // upload would otherwise share the cores with it).
      if (/loaded the columns of \d+ open box|box columns not preloaded/.test(out)) resolve();
    });
    exited.then(() => reject(new Error(`the worker exited before it started:\n${out}`)));
  });
  try {
    await timed();
  } finally {
    worker.kill("SIGTERM");
  }
  const code = await exited;
  const stats = /peak RSS (\d+) MB, CPU ([\d.]+) s/.exec(out);
  console.log(
    `peak RSS of the worker process (npm run worker, PostgreSQL): ${stats?.[1] ?? "?"} MB (target ≤ 300 MB); ` +
      `its CPU time from start to stop: ${stats?.[2] ?? "?"} s`,
  );
  return code;
}
