import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import h5wasm from "h5wasm/node";

export const FIXTURES = path.resolve(process.cwd(), "../shared/fixtures");

/** A fixture path, or a clear failure: tests read ../shared/fixtures in place and never copy it. */
export function fixture(...parts: string[]): string {
  const p = path.join(FIXTURES, ...parts);
  if (!fs.existsSync(p))
    throw new Error(`fixture missing: ${p} (tests expect ../shared/fixtures beside the repo)`);
  return p;
}

/**
 * The truth labels of the LHCO 2020 tiny file (last column of the Blosc-compressed pandas block).
 * The Blosc filter comes from h5wasm-plugins; its own installer fetch()es a file URL, which Node
 * cannot, so the plugin is written into the wasm file system's plugin path directly.
 */
export async function lhcoTinyLabels(): Promise<Int32Array> {
  const mod = await h5wasm.ready;
  const pluginDir = mod.get_plugin_search_paths()[0];
  if (!pluginDir) throw new Error("h5wasm has no plugin search path");
  const so = path.join(
    path.dirname(createRequire(import.meta.url).resolve("h5wasm-plugins/package.json")),
    "plugins",
    "libH5Zblosc.so",
  );
  mod.FS.mkdirTree(pluginDir);
  mod.FS.writeFile(`${pluginDir}/libH5Zblosc.so`, fs.readFileSync(so));
  const tmp = `/lhco-${process.pid}.h5`;
  mod.FS.writeFile(tmp, fs.readFileSync(fixture("real", "lhco", "events_anomalydetection_tiny.h5")));
  const file = new h5wasm.File(tmp, "r");
  try {
    const ds = file.get("df/block0_values") as InstanceType<typeof h5wasm.Dataset>;
    const [rows, cols] = ds.shape as [number, number];
    const col = ds.slice([
      [0, rows],
      [cols - 1, cols],
    ]) as Float64Array;
    return Int32Array.from(col, (v) => Math.round(v));
  } finally {
    file.close();
    mod.FS.unlink(tmp);
  }
}
