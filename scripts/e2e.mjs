#!/usr/bin/env node
/**
 * `npm run test:e2e`: find Chromium, make sure a production build exists, run Playwright.
 * Extra arguments go to `playwright test` (e.g. a file name or `-g "title"`).
 * Pass/fail counts land in test-results/e2e-report.json for scripts/test.mjs.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild } from "./ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const report = path.join(root, "test-results", "e2e-report.json");
const t0 = Date.now();

const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** CHROMIUM_PATH, when set, is the only candidate, so a wrong value fails loudly instead of silently. */
function findChromium() {
  const wanted = process.env.CHROMIUM_PATH?.trim();
  if (wanted) return isExecutable(wanted) ? wanted : null;
  if (isExecutable("/usr/bin/chromium")) return "/usr/bin/chromium";
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, "chromium"))) return path.join(dir, "chromium");
  }
  return null;
}

// A stale report from an earlier run must never be read as this run's result.
fs.rmSync(report, { force: true });

const chromium = findChromium();
if (!chromium) {
  const where = process.env.CHROMIUM_PATH?.trim()
    ? `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file`
    : "not at /usr/bin/chromium nor on PATH";
  if (process.env.CI === "true") {
    console.error(`e2e FAILED: no Chromium found (${where}). CI must run the e2e tier: install Chromium.`);
    process.exit(1);
  }
  console.log(
    `e2e skipped: no Chromium found (${where}); install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(0);
}

// The build in .next is shared with `npm start`: (re)build it only when missing or stale.
if (!ensureBuild(root, (m) => console.log(`e2e: ${m}`))) {
  console.error("e2e FAILED: `next build` failed; see the output above.");
  process.exit(1);
}

console.log(`e2e: Chromium ${chromium}`);
const run = spawnSync(
  "npx",
  ["playwright", "test", "--config", "playwright.config.ts", ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CHROMIUM_PATH: chromium },
  },
);
console.log(`e2e: finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
if (run.error) console.error(`e2e FAILED: could not run Playwright: ${run.error.message}`);
process.exit(run.status ?? 1);
