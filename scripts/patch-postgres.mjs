#!/usr/bin/env node
/**
 * `npm ci` runs this (package.json "postinstall"): a two-part fix to postgres.js 3.4.9's write
 * scheduler, which upstream has not released (porsager/postgres#1154, #1066, #1208; fix proposed in
 * pull requests #1168 and #1176). A write under 1 KiB is flushed from a setImmediate; when the
 * connection closes first (a database restart), `closed()` nulls the socket and the immediate throws
 * `TypeError: Cannot read properties of null (reading 'write')` — uncatchable, it ends the web
 * process or the worker. tests/integration/outage-uploads.test.ts hit it in about half its runs.
 * And both teardown paths clear the timer without nulling it, so the pooled connection never
 * schedules a flush again. The patch: `nextWrite` returns when the socket is gone, and teardown
 * forgets the timer and the buffered chunk. Idempotent; fails loudly if the source is not the one
 * this patch was written for (an upgrade must re-check it, or drop it once upstream has the fix).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkg = path.join(root, "node_modules", "postgres");
const MARK = "/* anomaly-arena: null-socket guard */";
const VERSION = "3.4.9";

if (!fs.existsSync(pkg)) process.exit(0); // nothing installed (e.g. `npm ci --omit=…` elsewhere)
const version = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).version;
if (version !== VERSION) {
  console.error(
    `scripts/patch-postgres.mjs: written for postgres ${VERSION}, found ${version}: re-check the patch`,
  );
  process.exit(1);
}
const edits = [
  [
    "  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)",
    `  function nextWrite(fn) {\n    ${MARK}\n    if (!socket) return (nextWriteTimer = chunk = null, false)\n    const x = socket.write(chunk, fn)`,
  ],
  [
    "    clearImmediate(nextWriteTimer)\n    if (socket) {",
    "    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null\n    if (socket) {",
  ],
  [
    "    clearImmediate(nextWriteTimer)\n    socket.removeListener('data', data)",
    "    clearImmediate(nextWriteTimer)\n    nextWriteTimer = chunk = null\n    socket.removeListener('data', data)",
  ],
];
for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
  const p = path.join(pkg, file);
  let s = fs.readFileSync(p, "utf8");
  if (s.includes(MARK)) continue;
  for (const [from, to] of edits) {
    if (s.split(from).length !== 2) {
      console.error(`scripts/patch-postgres.mjs: ${file} does not hold the expected code:\n${from}`);
      process.exit(1);
    }
    s = s.replace(from, to);
  }
  fs.writeFileSync(p, s);
  console.log(`patched postgres ${version} ${file} (null-socket guard in nextWrite)`);
}
