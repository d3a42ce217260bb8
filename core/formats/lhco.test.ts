import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture, lhcoTinyLabels } from "@/tests/support/lhco";
import { ScoreFileError } from "./errors";
import { type LhcoSlice, lhcoSlices, openLhco } from "./lhco";

const TINY = fixture("real", "lhco", "events_anomalydetection_tiny.h5");
const dir = mkdtempSync(path.join(tmpdir(), "arena-lhco-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(chunk: number): Promise<{ values: Float64Array; slices: LhcoSlice[] }> {
  const slices: LhcoSlice[] = [];
  for await (const s of lhcoSlices(TINY, chunk)) slices.push(s);
  const values = new Float64Array(slices.reduce((n, s) => n + s.values.length, 0));
  let at = 0;
  for (const s of slices) {
    values.set(s.values, at);
    at += s.values.length;
  }
  return { values, slices };
}

describe("LHC Olympics 2020 particle files", () => {
  it("describes the tiny file and reads every event, chunking not changing a value", async () => {
    const f = await openLhco(TINY);
    try {
      expect([f.events, f.hasLabel, f.particles, f.stride]).toEqual([1000, true, 700, 2101]);
      // /df/axis1 is the pandas RangeIndex of the source file's first 1000 rows.
      expect(Array.from(f.eventIds.slice(0, 3))).toEqual([0n, 1n, 2n]);
      expect(f.eventIds[999]).toBe(999n);
    } finally {
      f.close();
    }
    const t0 = performance.now();
    const whole = await collect(1000);
    const ms = performance.now() - t0;
    console.log(`LHCO tiny: 1000 events in ${ms.toFixed(0)} ms = ${Math.round(1e6 / ms)} events/s`);
    expect(whole.values.length).toBe(1000 * 2101);
    for (const chunk of [7, 100]) {
      const { values, slices } = await collect(chunk);
      expect(slices.length).toBe(Math.ceil(1000 / chunk));
      expect(slices.at(-1)?.end).toBe(1000);
      // Bit-identical: the same bytes decoded through a different slicing.
      expect(Buffer.from(values.buffer).equals(Buffer.from(whole.values.buffer))).toBe(true);
    }
  });

  it("event 0 has 109 particles with ΣpT 2623.8977 GeV and label 0; 907 background, 93 signal", async () => {
    const { values } = await collect(1000);
    let n = 0;
    let sumPt = 0;
    for (let p = 0; p < 700; p++) {
      const pt = values[3 * p] as number;
      if (pt !== 0) n++;
      sumPt += pt;
    }
    expect(n).toBe(109);
    // fixtures/README: ΣpT = 2623.8977 GeV, quoted to 4 decimals.
    expect(Math.abs(sumPt - 2623.8977)).toBeLessThan(1e-4);
    const labels = Array.from({ length: 1000 }, (_, r) => values[r * 2101 + 2100]);
    expect(labels[0]).toBe(0);
    expect(labels.filter((l) => l === 0).length).toBe(907);
    expect(labels.filter((l) => l === 1).length).toBe(93);
    // Independent read of the label column (plain h5wasm, tests/support/lhco.ts).
    expect(Int32Array.from(labels as number[])).toEqual(await lhcoTinyLabels());
  });

  it("reads a row range and refuses one outside the file", async () => {
    const f = await openLhco(TINY);
    try {
      const s = f.read(990, 1000);
      expect([s.start, s.end, s.values.length]).toEqual([990, 1000, 10 * 2101]);
      expect(() => f.read(990, 1001)).toThrow("rows [990, 1001) are outside [0, 1000)");
    } finally {
      f.close();
    }
  });

  const PYTHON = "/usr/bin/python3";
  const write = (name: string, script: string) => {
    const file = path.join(dir, name);
    execFileSync(PYTHON, [
      "-c",
      `import h5py, numpy as np, sys\nf = h5py.File(sys.argv[1], "w")\n${script}`,
      file,
    ]);
    return file;
  };

  it("names the shape found and the shape expected", async () => {
    const file = write(
      "wide.h5",
      `f.create_group("df").create_dataset("block0_values", data=np.zeros((3, 2102)))`,
    );
    await expect(openLhco(file)).rejects.toThrow(
      "wide.h5: /df/block0_values has shape [3, 2102]; expected [N, 2100] (700 particles × pT, η, φ) or [N, 2101] (plus the label)",
    );
  });

  it("reads an unlabelled [N, 2100] block and names a missing group or dataset", async () => {
    const plain = write(
      "plain.h5",
      `f.create_group("df").create_dataset("block0_values", data=np.ones((4, 2100)))`,
    );
    const f = await openLhco(plain);
    try {
      expect([f.events, f.hasLabel, f.stride]).toEqual([4, false, 2100]);
      // No /df/axis1: ids are the row numbers.
      expect(Array.from(f.eventIds)).toEqual([0n, 1n, 2n, 3n]);
      expect(f.read(0, 4).values.every((v) => v === 1)).toBe(true);
    } finally {
      f.close();
    }
    const noDf = write("nodf.h5", `f.create_dataset("x", data=np.zeros(3))`);
    await expect(openLhco(noDf)).rejects.toThrow("nodf.h5: no group /df; an LHC Olympics events file");
    const noBlock = write("noblock.h5", `f.create_group("df").create_dataset("axis1", data=np.arange(3))`);
    await expect(openLhco(noBlock)).rejects.toThrow(
      "noblock.h5: /df has no dataset block0_values (it holds axis1)",
    );
  });

  it("names the row of a label other than 0/1 and the dtype of a non-float64 block", async () => {
    const bad = write(
      "label.h5",
      `v = np.zeros((5, 2101)); v[3, 2100] = 2\nf.create_group("df").create_dataset("block0_values", data=v)`,
    );
    const f = await openLhco(bad);
    try {
      expect(() => f.read(0, 5)).toThrow(
        "label.h5: row 3 (counting from 0) has label 2 in column 2100; labels are 0 (background) or 1 (signal)",
      );
      expect(f.read(0, 3).values.length).toBe(3 * 2101);
    } finally {
      f.close();
    }
    const f32 = write(
      "f32.h5",
      `f.create_group("df").create_dataset("block0_values", data=np.zeros((2, 2101), dtype="f4"))`,
    );
    await expect(openLhco(f32)).rejects.toThrow(
      "f32.h5: /df/block0_values holds 32-bit floats; expected float64",
    );
  });

  it("refuses a cut-off file", async () => {
    const cut = path.join(dir, "cut.h5");
    copyFileSync(TINY, cut);
    execFileSync("truncate", ["-s", "1000000", cut]);
    const err = await openLhco(cut)
      .then(async (f) => {
        try {
          for await (const _ of f.slices(1000)) {
            // drain
          }
        } finally {
          f.close();
        }
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScoreFileError);
    expect((err as ScoreFileError).code).toBe("upload:corrupt");
    expect((err as Error).message).toMatch(/^cut\.h5: /);
  });
});
