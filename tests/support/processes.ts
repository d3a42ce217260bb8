import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ensureWorkerBundle } from "../../scripts/build-worker.mjs";

const root = path.resolve(import.meta.dirname, "../..");

export type Child = {
  proc: ChildProcess;
  output: () => string;
  waitFor: (re: RegExp, ms?: number) => Promise<void>;
};

/**
 * Start `node --import tsx <script> ...args` from the repo root, collecting its output. One process
 * (the `tsx` CLI would fork a child that survives a SIGKILL of its parent).
 */
export function spawnTsx(script: string, args: string[], env: Record<string, string | undefined>): Child {
  return spawnNode(["--import", "tsx", script, ...args], env);
}

/** Start the standalone worker as `npm run worker` does: its bundle (built if stale) on bare Node. */
export async function spawnWorkerBundle(env: Record<string, string | undefined>): Promise<Child> {
  return spawnNode([await ensureWorkerBundle(root, () => {})], env);
}

function spawnNode(args: string[], env: Record<string, string | undefined>): Child {
  const proc = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  return {
    proc,
    output: () => out,
    waitFor: (re, ms = 30_000) =>
      waitUntil(
        async () => re.test(out),
        ms,
        () => `output never matched ${re}:\n${out}`,
      ),
  };
}

export async function waitUntil(check: () => Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${ms} ms: ${why()}`);
}

export function killHard(child: Child): Promise<void> {
  return new Promise((resolve) => {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) return resolve();
    child.proc.once("exit", () => resolve());
    child.proc.kill("SIGKILL");
  });
}
