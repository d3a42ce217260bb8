/**
 * `npm run bench:leaderboard`: a crowded leaderboard under load. Seeds a fresh PostgreSQL database
 * (beside DATABASE_URL's, dropped at the end; default postgres://postgres@127.0.0.1:5432/postgres)
 * with one open blind box holding 10 000 scored submissions of 500 teams, each evaluation ~20 kB of
 * metrics as the scorer writes them (discovery summary plus per-cut histograms and fits). Starts the
 * production web server (server/start.ts: `next build` output, no worker, no demo) and drives 50
 * autocannon connections for 15 s at the leaderboard API, then at the page, as an anonymous visitor,
 * then at the API with a signed-in user's token (for the record: Next.js renders those, the
 * anonymous ones come from server/anonymous-cache.ts while nothing changed).
 * Prints p50 / p97.5 / p99 latency, requests/s, errors and the server's RSS before, at its peak and
 * after. Targets (2 cores, anonymous): API p97.5 ≤ 100 ms, page p97.5 ≤ 250 ms, no errors, RSS growth
 * ≤ 100 MB.
 *
 * Options (environment): BENCH_SUBMISSIONS (10000), BENCH_TEAMS (500), BENCH_SECONDS (15),
 * BENCH_CONNECTIONS (50), BENCH_WARMUP_SECONDS (3, per target, not measured), BENCH_PORT (3917), BENCH_APP_DIR (the checkout whose server runs: another
 * version's, to measure it on the same data; its code must read this schema), BENCH_NODE_ARGS (for
 * the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDb } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { blackBoxes, challenges, evaluations, submissions, teams } from "@/lib/db/schema";
import { builtinBoxes } from "@/lib/blackboxes/builtin";
import { rankMetrics } from "@/lib/submissions/rank-metrics";
import { createApiToken } from "@/lib/tokens";
import { signUp } from "@/lib/users";

type Histogram = { min: number; mean: number; p2_5: number; p50: number; p97_5: number; p99: number };
type Result = {
  latency: Histogram;
  requests: { average: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
};
const autocannon = createRequire(import.meta.url)("autocannon") as (o: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<Result>;

const N = Number(process.env.BENCH_SUBMISSIONS ?? 10_000);
const TEAMS = Number(process.env.BENCH_TEAMS ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const APP = path.resolve(process.env.BENCH_APP_DIR ?? process.cwd());
const TARGETS = { api: 100, page: 250, rssMB: 100 };

const base = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const dbName = `arena_bench_lb_${Date.now().toString(36)}`;
const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${dbName}`);
const url = new URL(base);
url.pathname = `/${dbName}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-bench-leaderboard-"));

let server: ReturnType<typeof spawn> | undefined;
try {
  const h = await openDb({ url: url.toString() });
  await migrateDb(h);
  const t0 = performance.now();
  const { slug, box } = await seed(h.db);
  const viewer = await signUp(h.db, {
    name: "Bench Viewer",
    email: "viewer@bench.arena",
    password: "bench-viewer-pw-1",
  });
  const { token } = await createApiToken(h.db, { ...viewer, via: "session" }, { name: "bench" });
  console.log(
    `Seeded ${N} scored submissions of ${TEAMS} teams in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  );
  await h.close();

  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  server = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/start.ts"], {
    cwd: APP,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      ARENA_DATA_DIR: dataDir,
      PORT: String(PORT),
      ARENA_HOST: "127.0.0.1",
      ARENA_WORKER: "off",
      ARENA_DEMO: "off",
      NODE_ENV: "production",
      // As `npm start` runs it (package.json).
      MALLOC_ARENA_MAX: "2",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const api = `http://127.0.0.1:${PORT}/api/v1/challenges/${slug}/boxes/${box}/leaderboard`;
  const page = `http://127.0.0.1:${PORT}/challenges/${slug}/boxes/${box}/leaderboard`;
  await waitFor(api);
  const json = (await (await fetch(api)).json()) as { rows: unknown[] };
  console.log(`Leaderboard: ${json.rows.length} rows (${TEAMS} teams + baselines).`);
  // Warm-up, not measured: the first requests load each route's bundle and let V8 grow its heap to
  // the size 50 concurrent requests need (one-time costs a long-running server pays once).
  for (const u of [api, page]) for (let i = 0; i < 3; i++) await (await fetch(u)).arrayBuffer();
  const pid = server.pid as number;
  const idle = rssMB(pid);
  for (const u of [api, page]) await autocannon({ url: u, connections: CONNECTIONS, duration: WARMUP });
  const before = rssMB(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMB(pid));
  }, 200);
  const results: [string, Result, number][] = [];
  const phases: string[] = [];
  // The RSS target is the anonymous visitors' (the first two runs): the peak and the size after them.
  let anonymous = { peak: Number.NaN, after: Number.NaN };
  for (const [name, u, target, headers] of [
    ["API", api, TARGETS.api, undefined],
    ["page", page, TARGETS.page, undefined],
    // Signed-in requests are never answered from the anonymous cache (server/anonymous-cache.ts):
    // Next.js ranks and renders each one. For the record; the targets are the anonymous ones.
    ["API (token)", api, Number.NaN, { authorization: `Bearer ${token}` }],
  ] as const) {
    results.push([
      name,
      await autocannon({
        url: u,
        connections: CONNECTIONS,
        duration: SECONDS,
        ...(headers ? { headers } : {}),
      }),
      target,
    ]);
    phases.push(`${rssMB(pid).toFixed(0)} MB after the ${name}`);
    if (name === "page") anonymous = { peak, after: rssMB(pid) };
  }
  clearInterval(sampler);
  console.log(
    `\n${CONNECTIONS} connections × ${SECONDS} s, ${N} submissions / ${TEAMS} teams, ${os.cpus().length} cores`,
  );
  console.log("target        p50 ms  p97.5 ms  p99 ms   req/s  errors  p97.5/target");
  for (const [name, r, target] of results) {
    const errors = r.errors + r.timeouts + r.non2xx;
    console.log(
      `${name.padEnd(12)} ${r.latency.p50.toFixed(0).padStart(7)} ${r.latency.p97_5.toFixed(0).padStart(9)} ${r.latency.p99
        .toFixed(0)
        .padStart(
          7,
        )} ${r.requests.average.toFixed(1).padStart(7)} ${String(errors).padStart(7)}  ${Number.isNaN(target) ? "(no target)" : `${(r.latency.p97_5 / target).toFixed(2)} (≤ ${target} ms)`}`,
    );
  }
  const growth = Math.max(anonymous.peak, anonymous.after) - before;
  console.log(
    `web RSS: ${idle.toFixed(0)} MB idle, ${before.toFixed(0)} MB after the ${WARMUP} s warm-ups; ${phases.join(", ")}; peak ${peak.toFixed(0)} MB`,
  );
  console.log(
    `growth over the anonymous runs (API, page) ${growth.toFixed(0)} MB (${(growth / TARGETS.rssMB).toFixed(2)} of ≤ ${TARGETS.rssMB} MB); from idle ${(Math.max(anonymous.peak, anonymous.after) - idle).toFixed(0)} MB; over the token run ${(peak - anonymous.after).toFixed(0)} MB more at its peak`,
  );
} finally {
  if (server && server.exitCode === null) {
    // Let the requests autocannon gave up on finish before the server closes its database pool.
    await new Promise((r) => setTimeout(r, 3000));
    server.kill("SIGTERM");
    await new Promise((r) => server?.once("exit", r));
  }
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** One published challenge, one open blind box (bb1's scoring config), TEAMS teams, N evaluations. */
async function seed(db: Awaited<ReturnType<typeof openDb>>["db"]) {
  const slug = "bench-leaderboard";
  const bb1 = builtinBoxes().find((b) => b.slug === "bb1");
  if (!bb1) throw new Error("built-in bb1 missing");
  const [c] = await db
    .insert(challenges)
    .values({ slug, title: "Leaderboard bench", status: "published" })
    .returning();
  const [b] = await db
    .insert(blackBoxes)
    .values({
      challengeId: c!.id,
      slug: "crowded",
      title: "Crowded box",
      mode: "blind",
      status: "open",
      scoringConfig: bb1.scoringConfig,
      buildStatus: "built",
    })
    .returning();
  const teamRows = await db
    .insert(teams)
    .values(Array.from({ length: TEAMS }, (_, i) => ({ challengeId: c!.id, name: `Team ${i + 1}` })))
    .returning({ id: teams.id });
  const start = Date.parse("2026-11-01T00:00:00Z");
  for (let i0 = 0; i0 < N; i0 += 500) {
    const n = Math.min(500, N - i0);
    const subs = await db
      .insert(submissions)
      .values(
        Array.from({ length: n }, (_, j) => ({
          blackBoxId: b!.id,
          teamId: teamRows[(i0 + j) % TEAMS]!.id,
          kind: "scores" as const,
          status: "scored" as const,
          method: `method ${(i0 + j) % 37}`,
          createdAt: new Date(start + (i0 + j) * 60_000),
        })),
      )
      .returning({ id: submissions.id });
    const metrics = subs.map((_, j) => discoveryMetrics(i0 + j));
    await db.insert(evaluations).values(
      subs.map((s, j) => ({
        submissionId: s.id,
        metrics: metrics[j]!,
        rankMetrics: rankMetrics(metrics[j]!),
        scorerVersion: "anomaly-arena-scorer/3",
        timings: { discovery: 1.2 },
      })),
    );
  }
  return { slug, box: "crowded" };
}

/**
 * Metrics shaped and sized as the scorer writes them for a blind box (~20 kB): the summary plus four
 * cuts' histograms and fits. Z takes 600 values, so many submissions tie (the earlier one wins).
 */
function discoveryMetrics(i: number): Record<string, unknown> {
  const z = ((i * 7919) % 600) / 100;
  const bins = (k: number) =>
    Array.from({ length: 120 }, (_, j) => Math.round(1e6 * Math.exp(-j / 30) + k) / 7);
  return {
    discovery: {
      method: "bump-hunt-v2",
      summary: {
        globalSignificance: z,
        extrapolated: z > 5,
        claimedMass: 3000 + (i % 700),
        localSignificance: z + 1,
      },
      cuts: [0.1, 0.01, 0.001, 1].map((eff, k) => ({
        efficiency: eff,
        counts: bins(k),
        fit: bins(k + 0.5),
        pulls: bins(k + 0.25).map((v) => v / 1e5),
      })),
      device: "cpu",
    },
  };
}

function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function waitFor(u: string) {
  const until = Date.now() + 300_000;
  for (;;) {
    if (server?.exitCode !== null) throw new Error("the web server exited; see its output above");
    try {
      const r = await fetch(u);
      if (r.ok) return;
    } catch {}
    if (Date.now() > until) throw new Error(`the web server did not answer ${u} within 5 minutes`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
