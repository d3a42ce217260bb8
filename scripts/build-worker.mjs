#!/usr/bin/env node
/**
 * The standalone job worker (`npm run worker`) as a plain-JavaScript bundle in .build/worker/, so it
 * runs on bare Node: tsx's loader costs ~70 MB in the worker and as much again in each of its threads.
 * Five entries: worker.mjs (server/worker.ts) and the thread entries it spawns, nested-worker.mjs
 * (the discovery metric's refitted nested pseudo-experiments), toy-worker.mjs (pseudo-experiments
 * against a fixed reference), gen-worker.mjs (event generation) and jet-worker.mjs (jet clustering
 * of imported LHCO events); core/threads.ts finds them beside the
 * bundle through __ARENA_BUNDLE__. Packages stay external: loaded from node_modules as they are, so
 * lazy imports (PGlite, TensorFlow.js, webgpu, h5wasm) stay lazy and their wasm/native files resolve.
 * Rebuilt when a source it was built from, this script or package-lock.json is newer than it.
 *
 * `node scripts/build-worker.mjs`: build if stale (`npm run worker` does this first).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ENTRIES = {
  worker: "server/worker.ts",
  "toy-worker": "scorer/bumphunt/toy-worker.ts",
  "nested-worker": "scorer/bumphunt/nested-worker.ts",
  "gen-worker": "blackboxes/generator/gen-worker.ts",
  "jet-worker": "core/physics/jet-worker.ts",
};
const OUT = path.join(".build", "worker");

/** Why the bundle must be (re)built, or null when it is current. */
export function workerBundleNeeded(root) {
  const meta = path.join(root, OUT, "meta.json");
  if (!fs.existsSync(meta)) return "no worker bundle found";
  const built = fs.statSync(meta).mtimeMs;
  const { inputs } = JSON.parse(fs.readFileSync(meta, "utf8"));
  const sources = [...Object.keys(inputs), "scripts/build-worker.mjs", "package-lock.json", "tsconfig.json"];
  const changed = sources.find((s) => {
    const p = path.join(root, s);
    return !fs.existsSync(p) || fs.statSync(p).mtimeMs > built;
  });
  return changed ? `${changed} changed since the worker bundle was built` : null;
}

/** Build .build/worker/ if it is missing or stale; returns the path of worker.mjs. */
export async function ensureWorkerBundle(root, log = console.log) {
  const out = path.join(root, OUT);
  const why = workerBundleNeeded(root);
  if (why) {
    log(`${why}: bundling the worker…`);
    const esbuild = await import("esbuild");
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: out,
      outExtension: { ".js": ".mjs" },
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: "node20",
      tsconfig: "tsconfig.json",
      define: { __ARENA_BUNDLE__: "true" },
      sourcemap: true,
      metafile: true,
      logLevel: "warning",
    });
    // A thread entry the worker starts (tsWorker(new URL("./x.ts", …))) must be an entry here too.
    const code = fs.readFileSync(path.join(out, "worker.mjs"), "utf8");
    for (const [, name] of code.matchAll(/new URL\("\.\/([\w-]+)\.ts"/g)) {
      if (!(name in ENTRIES))
        throw new Error(`scripts/build-worker.mjs: add the thread entry ${name}.ts to ENTRIES`);
    }
    fs.writeFileSync(path.join(out, "meta.json"), JSON.stringify(result.metafile));
  }
  return path.join(out, "worker.mjs");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = path.resolve(import.meta.dirname, "..");
  await ensureWorkerBundle(root);
}
