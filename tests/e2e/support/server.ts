/**
 * Start and stop the real `npm start` server (node --import tsx server/start.ts) for e2e tests: embedded PGlite
 * in a data directory of the caller's choosing, demo accounts on, no DATABASE_URL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");

export type DemoCredential = { role: string; email: string; password: string };

export type ArenaServer = {
  baseURL: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Seconds from spawn until /api/health said ok. */
  startupSeconds: number;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
  /** Demo accounts whose passwords this start printed (empty when they existed already). */
  credentials: DemoCredential[];
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  stop: (graceMs?: number) => Promise<number | null>;
};

/** `preferred` when it is free on 127.0.0.1, else any free port. */
export async function freePort(preferred = 0): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once("error", reject);
      srv.listen(port, "127.0.0.1", () => {
        const addr = srv.address();
        srv.close(() => resolve(typeof addr === "object" && addr ? addr.port : port));
      });
    });
  if (preferred) {
    try {
      return await tryListen(preferred);
    } catch {
      // Taken (another run, a dev server): fall through to an ephemeral port.
    }
  }
  return tryListen(0);
}

/** The lines start.ts prints once: `  organizer   organizer@demo.arena  password: XXXX`. */
export function parseDemoCredentials(output: string): DemoCredential[] {
  const re = /^\s+(\w+)\s+(\S+@\S+)\s+password: (\S+)\s*$/gm;
  return [...output.matchAll(re)].map((m) => ({ role: m[1]!, email: m[2]!, password: m[3]! }));
}

export async function startServer(opts: {
  dataDir: string;
  port: number;
  authSecret?: string;
  logFile?: string;
  timeoutMs?: number;
  /** An admin account `npm start` makes (ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD). */
  admin?: { email: string; password: string };
}): Promise<ArenaServer> {
  const baseURL = `http://127.0.0.1:${opts.port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ARENA_DATA_DIR: opts.dataDir,
    ARENA_DEMO: "on",
    ARENA_DEMO_EVENTS: "100000",
    ARENA_WORKER: "on",
    AUTH_SECRET: opts.authSecret ?? randomBytes(32).toString("hex"),
    NEXTAUTH_URL: baseURL,
    ARENA_HOST: "127.0.0.1",
    PORT: String(opts.port),
    // Every browser of the run signs up from 127.0.0.1: more than one address's default allowance.
    ARENA_SIGNUP_LIMIT: "1000",
    ...(opts.admin ? { ARENA_ADMIN_EMAIL: opts.admin.email, ARENA_ADMIN_PASSWORD: opts.admin.password } : {}),
  };
  // The acceptance path is "no PostgreSQL": embedded PGlite even when the caller has a database.
  delete env.DATABASE_URL;

  const t0 = Date.now();
  // Exactly what `npm start` runs: one node process (the tsx CLI would add a parent process that
  // races our SIGTERM handler for the exit code). Its own process group, so stop() reaches it all.
  const child = spawn(process.execPath, ["--import", "tsx", "server/start.ts"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: "a" }) : undefined;
  const collect = (chunk: Buffer) => {
    out += chunk.toString("utf8");
    log?.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
    log?.end();
  });

  const stop = async (graceMs = 15_000): Promise<number | null> => {
    if (exitCode !== undefined) return exitCode;
    signalGroup(child, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };

  // A first start without a build runs `next build` (about a minute), so allow for it.
  const deadline = () => t0 + (opts.timeoutMs ?? 120_000) + (out.includes("next build") ? 240_000 : 0);
  try {
    while (!(await healthy(baseURL)) || !demoBlockDone(out)) {
      if (exitCode !== undefined)
        throw new Error(`server exited with code ${exitCode} before it was healthy`);
      if (Date.now() > deadline()) throw new Error(`server not healthy within ${(Date.now() - t0) / 1000} s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    await stop(5_000);
    throw new Error(`${(e as Error).message}\n--- server output ---\n${out.slice(-4000)}`);
  }
  return {
    baseURL,
    port: opts.port,
    dataDir: opts.dataDir,
    pid: child.pid!,
    startupSeconds: (Date.now() - t0) / 1000,
    output: () => out,
    credentials: parseDemoCredentials(out),
    stop,
  };
}

/** start.ts prints the demo block after listening, line by line: wait for its closing blank line. */
function demoBlockDone(out: string): boolean {
  return (
    out.includes("Demo accounts exist already") || /shown this once[^\n]*\n(?:.*password: .*\n)+\n/.test(out)
  );
}

async function healthy(baseURL: string): Promise<boolean> {
  try {
    const res = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(5_000) });
    return res.ok && ((await res.json()) as { ok?: boolean }).ok === true;
  } catch {
    return false; // Not listening yet.
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stop a server known only by its process-group id (global teardown runs without the handle). */
export async function stopByPid(pid: number, graceMs = 15_000): Promise<void> {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  process.kill(-pid, "SIGTERM");
  const until = Date.now() + graceMs;
  while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  if (alive()) process.kill(-pid, "SIGKILL");
}
