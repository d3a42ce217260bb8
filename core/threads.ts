import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** `true` in the worker bundle (scripts/build-worker.mjs defines it); undeclared everywhere else. */
declare const __ARENA_BUNDLE__: boolean | undefined;

/**
 * A worker_threads Worker running a TypeScript thread entry. In the worker bundle
 * (scripts/build-worker.mjs) the entry was bundled beside this code as `<name>.mjs` and runs on bare
 * Node. Elsewhere (tsx, vitest) the thread first registers tsx's loader, then imports `entry`. (On
 * Node 20, `execArgv: ["--import", "tsx"]` does not reach a worker's entry module:
 * ERR_UNKNOWN_FILE_EXTENSION.)
 * @example tsWorker(new URL("./toy-worker.ts", import.meta.url))
 */
export function tsWorker(entry: URL, options: Omit<WorkerOptions, "eval"> = {}): Worker {
  if (typeof __ARENA_BUNDLE__ !== "undefined" && __ARENA_BUNDLE__) {
    // import.meta.url is the bundle's own file here: its thread entries sit in the same folder.
    const name = path.basename(entry.pathname).replace(/\.ts$/, ".mjs");
    return new Worker(new URL(name, import.meta.url), options);
  }
  // tsx's ESM api sits next to its CJS one (package exports "./esm/api"); the CJS build cannot
  // register from an eval worker, the ESM one can.
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  const api = pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
