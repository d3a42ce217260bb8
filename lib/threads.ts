import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * A worker_threads Worker running a TypeScript module. The worker first registers tsx's loader, then
 * imports `entry`. (On Node 20, `execArgv: ["--import", "tsx"]` does not reach a worker's entry
 * module: ERR_UNKNOWN_FILE_EXTENSION.) Works under vitest and under `node --import tsx` alike.
 * @example tsWorker(new URL("./toy-worker.ts", import.meta.url))
 */
export function tsWorker(entry: URL): Worker {
  // tsx's ESM api sits next to its CJS one (package exports "./esm/api"); the CJS build cannot
  // register from an eval worker, the ESM one can.
  const cjs = createRequire(import.meta.url).resolve("tsx/esm/api");
  const api = pathToFileURL(cjs.replace(/\.cjs$/, ".mjs")).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true });
}
