#!/usr/bin/env node
/**
 * The import floors of CONVENTIONS.md, checked: each top-level folder is one floor and imports only
 * the floors below it (docs/architecture.md draws them). Every import is read with TypeScript's own
 * pre-processor (static, dynamic and type-only imports, re-exports), plus the two forms it does not
 * see: thread entries (`new URL("./x.ts", import.meta.url)`) and vitest's `vi.mock("…")`.
 *
 * Unit tests (`*.test.ts`) keep their folder's floor and may also use tests/ and scripts/.
 * tests/, scripts/, docs/ and clients/ are not floors: they may import anything.
 *
 * `node scripts/check-floors.mjs [root]`: prints every wrong-way import and exits 1 if there is one.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const BELOW_LIB = ["scorer", "blackboxes", "core"];
/** Floor → the floors it may import (itself included). Root files (proxy.ts, next.config.ts) are "app". */
export const FLOORS = {
  core: ["core"],
  scorer: ["scorer", "core"],
  blackboxes: ["blackboxes", "core"],
  lib: ["lib", ...BELOW_LIB],
  components: ["components", "app", "lib", ...BELOW_LIB],
  app: ["app", "components", "lib", ...BELOW_LIB],
  cli: ["cli", "lib", ...BELOW_LIB, "scripts"],
  server: ["server", "lib", ...BELOW_LIB, "scripts"],
  bench: ["bench", "server", "lib", ...BELOW_LIB, "scripts"],
};
const UNCHECKED = new Set(["tests", "scripts", "docs", "clients", "bin", "drizzle"]);
const SKIP = new Set([
  "node_modules",
  ".next",
  ".build",
  ".arena",
  ".git",
  ".gpu",
  "test-results",
  "playwright-report",
]);
const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", "/index.ts", "/index.tsx"];

function sources(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.(ts|tsx|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** The repository file an import names, or null for a package (or a file that is not there). */
function resolve(root, from, spec) {
  let base;
  if (spec.startsWith("@/")) base = path.join(root, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null;
  for (const ext of EXTENSIONS) {
    const p = base + ext;
    if (fs.existsSync(p) && fs.statSync(p).isFile()) return p;
  }
  return null;
}

/** [specifier, line] of every import in `text`. */
function importsOf(text) {
  const info = ts.preProcessFile(text, true, true);
  const found = info.importedFiles.map((f) => [f.fileName, f.pos]);
  for (const m of text.matchAll(/(?:new URL|vi\.mock)\(\s*"([^"]+)"/g)) found.push([m[1], m.index]);
  const lineOf = (pos) => text.slice(0, pos).split("\n").length;
  return found.map(([spec, pos]) => [spec, lineOf(pos)]);
}

function floorOf(rel) {
  const top = rel.split(path.sep)[0];
  if (rel === top) return "app"; // proxy.ts, next.config.ts, playwright/vitest configs
  return top;
}

/** Every import against the floors under `root`: [{ file, line, target, floor }]. */
export function checkFloors(root) {
  const wrong = [];
  for (const file of sources(root)) {
    const rel = path.relative(root, file);
    const floor = floorOf(rel);
    if (UNCHECKED.has(floor)) continue;
    if (!(floor in FLOORS)) {
      wrong.push({
        file: rel,
        line: 1,
        target: "(folder)",
        floor,
        why: `${floor}/ is not a floor: add it to FLOORS`,
      });
      continue;
    }
    const isTest = /\.test\.tsx?$/.test(rel);
    const allowed = new Set([...FLOORS[floor], ...(isTest ? ["tests", "scripts"] : [])]);
    for (const [spec, line] of importsOf(fs.readFileSync(file, "utf8"))) {
      const target = resolve(root, file, spec);
      if (!target) continue;
      const to = floorOf(path.relative(root, target));
      if (!allowed.has(to)) wrong.push({ file: rel, line, target: path.relative(root, target), floor, to });
    }
  }
  return wrong;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, ".."));
  const wrong = checkFloors(root);
  for (const w of wrong)
    console.error(
      `${w.file}:${w.line}: ${w.why ?? `${w.floor}/ imports ${w.target}, but ${w.floor}/ may import only ${FLOORS[w.floor].map((f) => `${f}/`).join(", ")}`}`,
    );
  if (wrong.length) {
    console.error(`\n${wrong.length} import(s) against the floors (docs/architecture.md, "The floors").`);
    process.exit(1);
  }
  console.log("import floors: every import points down (docs/architecture.md).");
}
