import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { resetEnvCache } from "@/lib/env";

// Integration tests never write blobs into the repository's ./.arena: each file gets a fresh data dir.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-it-"));
process.env.ARENA_DATA_DIR = dir;
// The demo boxes at 100k events each (the published 1M would only slow the jobs test down).
process.env.ARENA_DEMO_EVENTS = "100000";
resetEnvCache();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
