import { describe, expect, it } from "vitest";
import { loadReferenceCases, settingsOf } from "./reference-cases";
import { scan } from "./scan";

const cases = loadReferenceCases();

// Tolerance: SCORING.md §2 acceptance, every window p-value within 1e-9 relative.
const REL = 1e-9;

describe.each(cases)("pyBumpHunter reference $file", (c) => {
  // reference: pyBumpHunter 0.5 (0da0dd7) BumpHunter1D on each case_*.json, outputs.bump / outputs.local
  it("finds the same bump, window count and local significance on the data", () => {
    const r = scan(c.inputs.data, c.inputs.ref, settingsOf(c), c.inputs.edges);
    expect(r.locBin).toBe(c.outputs.bump.loc_bin);
    expect(r.widthBins).toBe(c.outputs.bump.width_bins);
    expect(r.nWindows).toBe(c.outputs.local.n_windows);
    expect(r.loEdge).toBe(c.outputs.bump.lo_edge);
    expect(r.hiEdge).toBe(c.outputs.bump.hi_edge);
    expect(r.nData).toBe(c.outputs.bump.n_data_in_window);
    expect(Math.abs(r.pvalue / c.outputs.local.pvalue - 1)).toBeLessThan(REL);
    expect(Math.abs(r.t - c.outputs.local.t_obs)).toBeLessThan(REL * c.outputs.local.t_obs);
    // significance_isf = scipy.stats.norm.isf(p); a 1e-9 relative change in p moves Z by < 1e-9.
    expect(Math.abs(r.significance - c.outputs.local.significance_isf)).toBeLessThan(1e-9);
  });

  it("matches every window p-value within 1e-9 relative", () => {
    const r = scan(c.inputs.data, c.inputs.ref, settingsOf(c), c.inputs.edges);
    const expected = c.outputs.local.window_pvalues_by_width;
    expect(r.windowPvaluesByWidth.map((row) => row.length)).toEqual(expected.map((row) => row.length));
    const bad: string[] = [];
    r.windowPvaluesByWidth.forEach((row, k) => {
      row.forEach((p, i) => {
        const e = expected[k]![i]!;
        if (!(Math.abs(p - e) <= REL * e)) bad.push(`width ${r.widths[k]} position ${i}: ${p} vs ${e}`);
      });
    });
    expect(bad, `${c.file}: windows off by more than 1e-9 relative`).toEqual([]);
  });

  // reference: pyBumpHunter 0.5 (0da0dd7) on outputs.first_pseudo_experiments (exact toy counts)
  it("agrees on the 20 stored pseudo-experiments", () => {
    c.outputs.first_pseudo_experiments.forEach((pe, j) => {
      const r = scan(pe.counts, c.inputs.ref, settingsOf(c));
      const where = `${c.file} pseudo-experiment ${j}`;
      expect(r.locBin, where).toBe(pe.loc_bin);
      expect(r.widthBins, where).toBe(pe.width_bins);
      expect(r.nWindows, where).toBe(c.outputs.local.n_windows);
      expect(Math.abs(r.pvalue / pe.min_p - 1), where).toBeLessThan(REL);
    });
  });
});

describe("scan edge cases", () => {
  it("rejects an empty reference clearly", () => {
    expect(() => scan([1, 2, 3], [0, 0, 0])).toThrow(/reference histogram is empty/);
  });

  it("rejects mismatched lengths and settings where no window fits", () => {
    expect(() => scan([1, 2], [1, 2, 3])).toThrow(/bins/);
    expect(() => scan([1, 2, 3, 4], [0, 1, 1, 0], { widthMin: 3, widthMax: 4 })).toThrow(/no window fits/);
  });

  it("skips widths wider than the trimmed range", () => {
    // 8 bins, ref > 0 only in bins 2..4: widths 1..4 (⌊8/2⌋ on the untrimmed histogram), width 4 has no window.
    const r = scan([0, 0, 5, 9, 1, 0, 0, 0], [0, 0, 2, 2, 2, 0, 0, 0]);
    expect(r.widths).toEqual([1, 2, 3, 4]);
    expect(r.windowPvaluesByWidth.map((row) => row.length)).toEqual([3, 2, 1, 0]);
    expect(r.nWindows).toBe(6);
    // Pr[Poisson(4) ≥ 14] = 1.2e-4 (bins 2–3) beats Pr[Poisson(2) ≥ 9] = 2.4e-4 (bin 3).
    expect([r.locBin, r.widthBins]).toEqual([2, 2]);
  });

  it("returns p = 1, t = 0 at the first window for all-zero data", () => {
    const r = scan([0, 0, 0, 0], [0, 1, 2, 3], { widthMax: 2 });
    expect([r.locBin, r.widthBins, r.pvalue, r.t]).toEqual([1, 1, 1, 0]);
    expect(r.significance).toBe(Number.NEGATIVE_INFINITY);
  });

  it("keeps t and Z finite when p underflows", () => {
    // reference: mpmath 1.3.0, -log(gammainc(2000, 0, 100, regularized=True)) = 4096.132712927581
    const r = scan([2000], [100], { widthMax: 1 });
    expect(r.pvalue).toBe(0);
    expect(Math.abs(r.t / 4096.132712927581 - 1)).toBeLessThan(1e-12);
    expect(Number.isFinite(r.significance)).toBe(true);
    expect(r.significance).toBeGreaterThan(90);
  });
});
