import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { globalPvalue } from "./global";
import { runToysParallel } from "./parallel";
import { scan, sidebandLogP } from "./scan";
import { planToys, runToys } from "./toys";
import { fromPyBumpHunter, layoutWindows, numpySum, type PyBumpHunterSettings } from "./windows";

// reference: scorer/bumphunt/reference/make_sideband_reference.py — pyBumpHunter v0.5.0 (60d224c)
// BumpHunter1D.bump_scan itself (matplotlib stubbed), checked number for number against the
// script's port of `_scan_hist`; python/numpy/scipy versions in the JSON's `tool`.
interface SidebandCase {
  origin: string;
  data: number[];
  ref: number[];
  settings: PyBumpHunterSettings & { sideband_width: number | null };
  scan_range: [number, number];
  norm_range: [number, number];
  widths: number[];
  n_positions_by_width: number[];
  n_windows: number;
  window_pvalues_by_width: number[][];
  bump: {
    loc_bin: number;
    width_bins: number;
    min_pvalue: number;
    signal_eval: number | string;
    norm_scale: number | string;
  };
  t_obs: number;
  pseudo_experiments: {
    npe: number;
    n_t_ge_tobs: number;
    global_pvalue: number;
    first: { counts: number[]; t: number; min_pvalue: number; loc_bin: number; width_bins: number }[];
  };
}
const reference = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "reference", "sideband_reference.json"), "utf8"),
) as {
  checked_against_pybumphunter: boolean;
  cases: Record<string, SidebandCase>;
  numpy_sums: { values: number[]; sums: Record<string, number> };
};
const cases = Object.entries(reference.cases);

// Tolerance 1e-12 relative. The same doubles go in (β and R summed in numpy's order, D and n are
// integers) and both sides are within 5e-13 of mpmath 1.3.0 on every window here; pyBumpHunter's
// deficit p = 1 − P(n + 1, β) also carries an absolute error up to ~1e-16 from the subtraction.
const REL = 1e-12;
const close = (a: number, b: number) => Math.abs(a - b) <= REL * Math.abs(b);
/** JSON has no ∞: the reference writes it as the string "Infinity"/"-Infinity". */
const num = (x: number | string) => (typeof x === "string" ? Number(x) : x);

describe("side-band normalisation against pyBumpHunter 0.5 (use_sideband, sideband_width)", () => {
  it("the reference ran pyBumpHunter's own code", () => {
    expect(reference.checked_against_pybumphunter).toBe(true);
  });

  describe.each(cases)("%s", (_name, c) => {
    const settings = fromPyBumpHunter(c.settings);

    it("scans [Hinf + k, Hsup − k) and normalises over [Hinf, Hsup)", () => {
      const layout = layoutWindows(c.ref, settings);
      expect([layout.scanFirst, layout.scanEnd]).toEqual(c.scan_range);
      expect([layout.first, layout.end]).toEqual(c.norm_range);
      expect(layout.widths).toEqual(c.widths);
    });

    it("same window count, bump and every window p-value (1e-12 relative)", () => {
      const r = scan(c.data, c.ref, settings);
      expect(r.nWindows).toBe(c.n_windows);
      expect(r.windowPvaluesByWidth.map((row) => row.length)).toEqual(c.n_positions_by_width);
      const bad: string[] = [];
      r.windowPvaluesByWidth.forEach((row, k) => {
        row.forEach((p, i) => {
          const q = c.window_pvalues_by_width[k]![i]!;
          if (!close(p, q)) bad.push(`width ${r.widths[k]} position ${i}: ${p} vs ${q}`);
        });
      });
      expect(bad).toEqual([]);
      expect([r.locBin, r.widthBins]).toEqual([c.bump.loc_bin, c.bump.width_bins]);
      expect(close(r.pvalue, c.bump.min_pvalue), `${r.pvalue} vs ${c.bump.min_pvalue}`).toBe(true);
      expect(close(r.t, c.t_obs), `${r.t} vs ${c.t_obs}`).toBe(true);
      const scale = num(c.bump.norm_scale);
      const signal = num(c.bump.signal_eval);
      if (Number.isFinite(scale)) expect(close(r.normScale!, scale)).toBe(true);
      else expect(r.normScale).toBe(scale);
      if (Number.isFinite(signal)) expect(close(r.signalEval, signal)).toBe(true);
      else expect(r.signalEval).toBe(signal);
    });

    it("the stored pseudo-experiments: same t, bump and window count", () => {
      for (const [j, pe] of c.pseudo_experiments.first.entries()) {
        const r = scan(pe.counts, c.ref, settings);
        expect([r.locBin, r.widthBins, r.nWindows], `toy ${j}`).toEqual([
          pe.loc_bin,
          pe.width_bins,
          c.n_windows,
        ]);
        expect(close(r.t, pe.t), `toy ${j}: t ${r.t} vs ${pe.t}`).toBe(true);
      }
    });

    it("our pseudo-experiments: each toy normalised by its own counts, global p as pyBumpHunter's", async () => {
      // Each toy's t is exactly the scan of its counts (the toy loop shares sidebandLogP with scan).
      const seen: number[][] = [];
      const t = runToys(planToys(c.ref, settings), 5, 0, 30, (_j, counts) => {
        seen.push(Array.from(counts));
      });
      for (const [j, counts] of seen.entries()) expect(t[j]).toBe(scan(counts, c.ref, settings).t);

      // Same distribution, different random numbers: |p − p_ref| ≤ 3·√(p̄(1 − p̄)(1/npe_ref + 1/npe)).
      const npe = 2000;
      const toys = await runToysParallel({ background: c.ref, settings, seed: 11, npe, threads: 2 });
      const g = globalPvalue(scan(c.data, c.ref, settings).t, toys);
      const ref = c.pseudo_experiments;
      const pBar = (ref.n_t_ge_tobs + g.nGe) / (ref.npe + npe);
      const tol = 3 * Math.sqrt(pBar * (1 - pBar) * (1 / ref.npe + 1 / npe));
      expect(Math.abs(g.pvalue - ref.global_pvalue)).toBeLessThanOrEqual(tol);
    }, 60_000);
  });

  it("pseudo-experiments are identical on 1 and 2 threads", async () => {
    const c = reference.cases.sig200_sb5!;
    const job = { background: c.ref, settings: fromPyBumpHunter(c.settings), seed: 9, npe: 40 };
    const one = await runToysParallel({ ...job, threads: 1 });
    const two = await runToysParallel({ ...job, threads: 2 });
    expect(Array.from(two)).toEqual(Array.from(one));
    expect(Math.max(...one)).toBeGreaterThan(0);
  });
});

describe("numpySum", () => {
  // reference: numpy's a[:n].sum() (version in the JSON's `tool`), make_sideband_reference.py
  it("adds in numpy's pairwise order, bit for bit", () => {
    const { values, sums } = reference.numpy_sums;
    for (const [n, sum] of Object.entries(sums)) expect(numpySum(values, 0, Number(n)), `n = ${n}`).toBe(sum);
    // …which a plain loop does not always match (so the test can tell them apart)
    const loop = (n: number) => values.slice(0, n).reduce((s, x) => s + x, 0);
    expect(Object.entries(sums).some(([n, sum]) => loop(Number(n)) !== sum)).toBe(true);
  });
});

describe("side-band settings", () => {
  const ref = [0, 1, 1, 1, 1, 1, 1, 0];

  it("ignores sidebandWidth without useSideband, as pyBumpHunter does", () => {
    expect(layoutWindows(ref, { sidebandWidth: 2 })).toEqual(layoutWindows(ref));
  });

  it("defaults to no side-bands (pyBumpHunter's None)", () => {
    const l = layoutWindows(ref, { useSideband: true });
    expect([l.first, l.end, l.scanFirst, l.scanEnd]).toEqual([1, 7, 1, 7]);
    expect(l.lo).toEqual(layoutWindows(ref).lo);
  });

  it("rejects a negative or fractional width, and side-bands that leave no window", () => {
    expect(() => layoutWindows(ref, { useSideband: true, sidebandWidth: -1 })).toThrow(/sidebandWidth/);
    expect(() => layoutWindows(ref, { useSideband: true, sidebandWidth: 1.5 })).toThrow(/sidebandWidth/);
    expect(() => layoutWindows(ref, { useSideband: true, sidebandWidth: 3 })).toThrow(
      /scan range of 0 bins \(6 bins less side-bands of 3\)/,
    );
  });

  it("follows numpy on an infinite factor: deficit p = 0 → 1e-300, otherwise p = 1", () => {
    expect(sidebandLogP(4, Number.POSITIVE_INFINITY, "deficit")).toBe(Math.log(1e-300));
    expect(sidebandLogP(4, Number.POSITIVE_INFINITY, "excess")).toBe(0);
    expect(sidebandLogP(4, Number.NaN, "deficit")).toBe(0);
    expect(sidebandLogP(4, Number.NEGATIVE_INFINITY, "deficit")).toBe(0);
  });
});
