/**
 * Make sure `.next` holds a production build of the current sources: build when there is none, or
 * when a source file is newer than the build (after a `git pull`, say), so `npm start` and the e2e
 * tier never serve stale code. Used by server/start.ts and scripts/e2e.mjs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "scorer",
  "blackboxes",
  "core",
  "next.config.ts",
  "proxy.ts",
  "package-lock.json",
  "tsconfig.json",
];

function newestMtime(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or null when the existing one is current. */
export function buildNeeded(root) {
  const id = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(id)) return "no production build found";
  const built = fs.statSync(id).mtimeMs;
  const changed = SOURCES.find((s) => newestMtime(path.join(root, s)) > built);
  return changed ? `sources changed since the last build (${changed})` : null;
}

/** Build if needed; returns false if `next build` failed. */
export function ensureBuild(root, log = console.log) {
  const why = buildNeeded(root);
  if (!why) return true;
  log(`${why}: running \`next build\` (about a minute)…`);
  const r = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  return r.status === 0;
}
