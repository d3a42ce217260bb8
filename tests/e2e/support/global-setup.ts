/**
 * Start one shared server for the whole run, exactly as `npm start` does, on a fresh data
 * directory. Tests find it through E2E_ARENA (process.env set here reaches the workers).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type ArenaServer, freePort, ROOT, startServer } from "./server";
import { ARENA_ENV, type ArenaInfo } from "./shared";

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-e2e-"));
  // Outside Playwright's outputDir, which it empties at the start of a run.
  const logFile = path.join(ROOT, "test-results", "e2e-server.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.writeFileSync(logFile, "");
  let server: ArenaServer | undefined;
  try {
    // An admin too, for the admin routes of docs/api.md (tests/e2e/docs-snippets.e2e.ts).
    const admin = {
      role: "admin",
      email: "admin@e2e.arena",
      password: randomBytes(12).toString("base64url"),
    };
    server = await startServer({ dataDir, port: await freePort(3210), logFile, admin });
    console.log(`e2e: server at ${server.baseURL} healthy ${server.startupSeconds.toFixed(1)} s after spawn`);
    const output = server.output();
    const find = (email: string) => {
      const c = server?.credentials.find((x) => x.email === email);
      if (!c) throw new Error(`start printed no demo password for ${email}:\n${output}`);
      return c;
    };
    const info: ArenaInfo = {
      baseURL: server.baseURL,
      pid: server.pid,
      dataDir,
      organizer: find("organizer@demo.arena"),
      alice: find("alice@demo.arena"),
      bob: find("bob@demo.arena"),
      admin,
    };
    process.env[ARENA_ENV] = JSON.stringify(info);
  } catch (e) {
    await server?.stop(5_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  // Safety net for a runner killed before globalTeardown: never leave a server behind.
  const pid = server.pid;
  process.once("exit", () => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // Already stopped by globalTeardown.
    }
  });
}
