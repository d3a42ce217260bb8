/**
 * `npm start`: build if needed, migrate, seed, then serve the web app and run a job worker in
 * this one process. In embedded mode (no DATABASE_URL) this process is the only owner of PGlite.
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { pruneSignInAttempts } from "@/lib/auth/sign-in";
import { DEMO_ACCOUNTS, ensureDemoAccounts } from "@/lib/demo/seed";
import { env, resetEnvCache } from "@/lib/env";
import { describeForLog } from "@/lib/errors";
import { parseTrustedProxies, stampClientIp } from "@/lib/http/client-ip";
import { restoreContentLength } from "@/lib/http/content-length";
import { jobs } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queue";
import { ensureAdmin } from "@/lib/users";
import { startWorker } from "@/lib/jobs/runner";
import { ensureBuild } from "../scripts/ensure-build.mjs";
import { sealDataDir } from "@/lib/storage/private";
import { anonymousCache } from "./anonymous-cache";
import { ensureAuthSecret, openAndMigrate } from "./bootstrap";
import { lockDataDir } from "./lock";

const t0 = Date.now();
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
ensureAuthSecret();
process.env.NEXTAUTH_URL ??= `http://localhost:${env().PORT}`;
resetEnvCache();
const e = env();
if (e.dbKind === "pglite") {
  try {
    process.on("exit", lockDataDir(e.dataDir));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
if (e.dbKind === "pglite" && e.ARENA_WORKER === "off") {
  console.warn("ARENA_WORKER=off with embedded PGlite: no other process can run jobs, so none will run.");
}

if (!ensureBuild(process.cwd())) {
  console.error("`next build` failed; see the output above.");
  process.exit(1);
}

const handle = await openAndMigrate();
const { db } = handle;
// Sealed truth, PGlite and the auth secret: the owner alone reads the data directory (also one an
// older version left world-readable).
sealDataDir(e.dataDir);
await pruneSignInAttempts(db);
console.log(
  `Database: ${handle.kind === "pglite" ? `embedded PGlite in ${path.join(e.dataDir, "pgdata")}` : "PostgreSQL (DATABASE_URL)"}`,
);

if (e.ARENA_ADMIN_EMAIL && e.ARENA_ADMIN_PASSWORD) {
  const r = await ensureAdmin(db, e.ARENA_ADMIN_EMAIL, e.ARENA_ADMIN_PASSWORD);
  console.log(`Admin ${e.ARENA_ADMIN_EMAIL}: ${r === "created" ? "created" : "present"}.`);
}

const demo = e.ARENA_DEMO === "on" || (e.ARENA_DEMO === "auto" && handle.kind === "pglite");
let demoLines: string[] = [];
if (demo) {
  const created = await ensureDemoAccounts(db);
  const organizer = DEMO_ACCOUNTS.find((a) => a.role === "organizer")!;
  await enqueue(
    db,
    jobs.seedDemo,
    // The demo's size travels with the job: a separate worker builds what this process was told.
    { organizerEmail: organizer.email, ...(e.ARENA_DEMO_EVENTS ? { events: e.ARENA_DEMO_EVENTS } : {}) },
    { singletonKey: "seed-demo:v1", retryIfDead: true },
  );
  demoLines = created.length
    ? [
        "Demo accounts (shown this once — note them now):",
        ...created.map((c) => `  ${c.role.padEnd(11)} ${c.email}  password: ${c.password}`),
      ]
    : ["Demo accounts exist already (their passwords were printed at the first start)."];
}

const worker =
  e.ARENA_WORKER === "on"
    ? await startWorker({
        db,
        mode: "embedded",
        leaseSeconds: e.ARENA_JOB_LEASE_SECONDS,
        pollMs: e.ARENA_WORKER_POLL_MS,
        warmUp: true,
        sweepMinutes: e.ARENA_BLOB_SWEEP_MINUTES,
      })
    : undefined;
// An error the worker loop did not expect: exit non-zero, for a supervisor to restart the server.
worker?.done.catch((err: unknown) => {
  console.error(`worker ${worker.id} stopped on an unexpected error: ${describeForLog(err)}`);
  process.exit(1);
});

const app = next({ dev: false, dir: process.cwd(), hostname: e.ARENA_HOST, port: e.PORT });
await app.prepare();
const handler = app.getRequestHandler();
const proxies = parseTrustedProxies(e.ARENA_TRUSTED_PROXIES);
// Anonymous visitors' leaderboards from memory while nothing they show has changed (anonymous-cache.ts).
const anonymous = anonymousCache(db);
const server = http.createServer((req, res) => {
  // The one place that sees the TCP peer: resolve the client address here (overwriting whatever
  // a client sent under this name) for the sign-in and sign-up throttles.
  stampClientIp(req, proxies);
  // Next drops a route's Content-Length; downloads hand it over under another name (content-length.ts).
  restoreContentLength(res);
  anonymous
    .handle(req, res, () => handler(req, res))
    .catch((err: unknown) => {
      console.error(`[http] ${describeForLog(err)}`);
      res.statusCode = 500;
      res.end("Internal error");
    });
});
await new Promise<void>((resolve) => server.listen(e.PORT, e.ARENA_HOST, resolve));

console.log("");
console.log(
  `Anomaly Arena is running at http://localhost:${e.PORT}  (ready in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
);
for (const l of demoLines) console.log(l);
console.log("");

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: shutting down…`);
  server.close();
  await worker?.stop();
  await handle.close();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
