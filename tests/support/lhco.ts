import fs from "node:fs";
import path from "node:path";
import { loadH5WithBlosc } from "@/core/formats/h5lib";

export const FIXTURES = path.resolve(process.cwd(), "../shared/fixtures");

/** A fixture path, or a clear failure: tests read ../shared/fixtures in place and never copy it. */
export function fixture(...parts: string[]): string {
  const p = path.join(FIXTURES, ...parts);
  if (!fs.existsSync(p))
    throw new Error(`fixture missing: ${p} (tests expect ../shared/fixtures beside the repo)`);
  return p;
}

/**
 * The truth labels of the LHCO 2020 tiny file (last column of the Blosc-compressed pandas block),
 * read with plain h5wasm rather than core/formats/lhco.ts so tests of that reader have an independent
 * check. h5wasm's Node build sees the host file system, so the fixture is opened where it lies.
 */
export async function lhcoTinyLabels(): Promise<Int32Array> {
  const h5wasm = await loadH5WithBlosc();
  const file = new h5wasm.File(fixture("real", "lhco", "events_anomalydetection_tiny.h5"), "r");
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
  }
}

/** The whole tiny file: [1000, 2101] row-major = 700 × (pT, η, φ) zero-padded, then the label. */
export async function lhcoTinyRows(): Promise<{ rows: Float64Array; nEvents: number; stride: number }> {
  const h5wasm = await loadH5WithBlosc();
  const file = new h5wasm.File(fixture("real", "lhco", "events_anomalydetection_tiny.h5"), "r");
  try {
    const ds = file.get("df/block0_values") as InstanceType<typeof h5wasm.Dataset>;
    const [nEvents, stride] = ds.shape as [number, number];
    return { rows: ds.value as Float64Array, nEvents, stride };
  } finally {
    file.close();
  }
}
