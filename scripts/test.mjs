#!/usr/bin/env node
// `npm test`: every tier — unit (vitest), integration (vitest; PGlite always, PostgreSQL too when
// DATABASE_URL is set), e2e (Playwright + Chromium) — then one closing line with the totals.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const out = path.join(root, "test-results");
fs.mkdirSync(out, { recursive: true });
const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");

const tiers = [
  { name: "unit", cmd: [vitest, "run", "--project", "unit"], report: "vitest-unit.json", kind: "vitest" },
  {
    name: "integration",
    cmd: [vitest, "run", "--project", "integration"],
    report: "vitest-integration.json",
    kind: "vitest",
  },
  {
    name: "e2e",
    cmd: [path.join(root, "scripts", "e2e.mjs")],
    report: "e2e-report.json",
    kind: "playwright",
  },
];

console.log(
  process.env.DATABASE_URL
    ? "Integration tests run on PGlite and on PostgreSQL (DATABASE_URL is set)."
    : "Integration tests run on PGlite only (set DATABASE_URL to add PostgreSQL).",
);

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedTiers = [];
for (const t of tiers) {
  const report = path.join(out, t.report);
  fs.rmSync(report, { force: true });
  const args =
    t.kind === "vitest"
      ? [...t.cmd, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]
      : t.cmd;
  console.log(`\n=== ${t.name} tests ===`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: process.env });
  const counts = readCounts(t.kind, report);
  if (counts) {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
    console.log(`${t.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
    if (t.name === "integration") printPerDatabase(report);
  }
  if (r.status !== 0) failedTiers.push(t.name);
  else if (!counts && t.kind === "vitest") failedTiers.push(`${t.name} (no report)`);
}

console.log("");
if (failedTiers.length) console.log(`Failing tiers: ${failedTiers.join(", ")}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedTiers.length ? 1 : 0);

function readCounts(kind, file) {
  if (!fs.existsSync(file)) return undefined;
  const j = JSON.parse(fs.readFileSync(file, "utf8"));
  if (kind === "vitest") {
    return {
      passed: j.numPassedTests,
      failed: j.numFailedTests,
      skipped: j.numPendingTests + (j.numTodoTests ?? 0),
    };
  }
  const s = j.stats ?? {};
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: s.unexpected ?? 0, skipped: s.skipped ?? 0 };
}

/** Integration suites name their database ("… on 'pglite'", "… on PostgreSQL"): show what ran on each. */
function printPerDatabase(file) {
  const j = JSON.parse(fs.readFileSync(file, "utf8"));
  const per = {};
  for (const f of j.testResults ?? []) {
    for (const a of f.assertionResults ?? []) {
      const name = (a.ancestorTitles ?? []).join(" ");
      const db = /postgres/i.test(name) ? "PostgreSQL" : /pglite/i.test(name) ? "PGlite" : "no database";
      per[db] ??= { passed: 0, failed: 0, skipped: 0 };
      const key = a.status === "passed" ? "passed" : a.status === "failed" ? "failed" : "skipped";
      per[db][key] += 1;
    }
  }
  for (const [db, c] of Object.entries(per)) {
    console.log(`  on ${db}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }
}
