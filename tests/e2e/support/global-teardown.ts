/** Stop the shared server (SIGTERM, then SIGKILL) and delete its data directory. */
import fs from "node:fs";
import { stopByPid } from "./server";
import { readArenaInfo } from "./shared";

export default async function globalTeardown(): Promise<void> {
  const info = readArenaInfo();
  if (!info) return;
  await stopByPid(info.pid);
  fs.rmSync(info.dataDir, { recursive: true, force: true });
}
