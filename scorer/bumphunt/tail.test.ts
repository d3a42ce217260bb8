import { describe, expect, it } from "vitest";
import { dijetBinIntegrals } from "./dijet";
import { fitTail, tailLogP, tailSize } from "./tail";
import { planToys, runToys } from "./toys";

describe("tail extrapolation of the BumpHunter t distribution", () => {
  it("predicts brute-force toy tail probabilities from 2000 toys within a factor 2.5 at 1e-3 and 2.5e-4", () => {
    // 40 bins of 100 GeV on 3–7 TeV, 2000 events of a CMS-like dijet shape, widths 2–7 (the
    // defaults): 40 000 brute-force toys (no refit: the table-driven runToys, pyBumpHunter's t).
    // The study in docs/calibration.md repeats this with 200 000 toys (ratios 0.44–2.1 at 1e-3…2e-5).
    const edges = Array.from({ length: 41 }, (_, i) => 3000 + 100 * i);
    const shape = dijetBinIntegrals(edges, { p0: 1, p1: 8, p2: 6, p3: 0 });
    const total = shape.reduce((a, b) => a + b, 0);
    const plan = planToys(
      Array.from(shape, (s) => (2000 * s) / total),
      { widthMin: 2, widthMax: 7 },
    );
    const t = runToys(plan, 5, 0, 40_000);
    const fit = fitTail(t.subarray(0, 2000))!;
    expect(fit.k).toBe(tailSize(2000));
    const sorted = Float64Array.from(t).sort().reverse();
    for (const k of [40, 10]) {
      const empirical = k / t.length;
      const predicted = Math.exp(tailLogP(fit, sorted[k - 1]!));
      expect(predicted / empirical).toBeGreaterThan(1 / 2.5);
      expect(predicted / empirical).toBeLessThan(2.5);
    }
  }, 60_000);

  it("counts failed toys (t = +∞) in the tail's weight and needs enough finite toys", () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => i / 100);
    const clean = fitTail(values)!;
    values[0] = Number.POSITIVE_INFINITY;
    const withFailure = fitTail(values)!;
    expect(withFailure.fraction).toBeCloseTo(clean.fraction + 1 / 1000, 12);
    expect(fitTail(new Float64Array(15))).toBeNull();
  });
});
