import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadReferenceCases } from "./reference-cases";
import { scan } from "./scan";
import { runToysParallel } from "./parallel";

// reference: scorer/bumphunt/reference/make_sideband_reference.py — pyBumpHunter 0.5's
// `_scan_hist` side-band branch transcribed with scipy.special.gammainc (numpy/scipy versions in the JSON).
const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "reference", "sideband_reference.json"), "utf8"),
) as {
  cases: Record<
    string,
    { loc_bin: number; width_bins: number; min_pvalue: number; window_pvalues_by_width: number[][] }
  >;
};

describe("side-band normalisation (pyBumpHunter use_sideband)", () => {
  const cases = loadReferenceCases().filter((c) => c.file in reference.cases);

  it.each(cases.map((c) => [c.file, c] as const))("%s: bump and every window p-value", (file, c) => {
    const ref = reference.cases[file]!;
    const r = scan(c.inputs.data, c.inputs.ref, { mode: c.inputs.settings.mode, useSideband: true });
    expect(r.locBin).toBe(ref.loc_bin);
    expect(r.widthBins).toBe(ref.width_bins);
    expect(r.pvalue / ref.min_pvalue - 1).toBeLessThan(1e-9);
    expect(r.windowPvaluesByWidth.length).toBe(ref.window_pvalues_by_width.length);
    r.windowPvaluesByWidth.forEach((row, i) => {
      const want = ref.window_pvalues_by_width[i]!;
      expect(row.length, `width ${i + 1}`).toBe(want.length);
      row.forEach((p, j) => {
        const q = want[j]!;
        expect(Math.abs(p - q) / q, `width ${i + 1} position ${j}`).toBeLessThan(1e-9);
      });
    });
  });

  it("pseudo-experiments scan with per-toy normalisation, identically on 1 and 2 threads", async () => {
    const c = cases[0]!;
    const job = { background: c.inputs.ref, settings: { useSideband: true }, seed: 9, npe: 40 };
    const one = await runToysParallel({ ...job, threads: 1 });
    const two = await runToysParallel({ ...job, threads: 2 });
    expect(Array.from(two)).toEqual(Array.from(one));
    expect(Math.max(...one)).toBeGreaterThan(0);
  });
});
