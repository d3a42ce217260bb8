import { describe, expect, it } from "vitest";
import { globalPvalue, T_QUANTILE_PROBS } from "./global";
import { runToysParallel } from "./parallel";
import { loadReferenceCases, settingsOf } from "./reference-cases";
import { scan } from "./scan";
import { planToys, runToys } from "./toys";
import { countBelow } from "@/tests/support/sorted";

const cases = loadReferenceCases();
// Our own pseudo-experiments per case (≈ 0.3 s each on one core); seed fixed once, not tuned.
const NPE = 10_000;
const SEED = 20_240_601;

describe.each(cases)("pseudo-experiments against pyBumpHunter $file", (c) => {
  const settings = settingsOf(c);
  const plan = planToys(c.inputs.ref, settings);
  const tToys = runToys(plan, SEED, 0, NPE);
  const tObs = scan(c.inputs.data, c.inputs.ref, settings).t;

  // reference: pyBumpHunter 0.5 (0da0dd7), outputs.global (npe = 10 000, or 2 000 for edge_small)
  it("gives the same global p-value within the binomial tolerance", () => {
    const g = globalPvalue(tObs, tToys);
    const ref = c.outputs.global;
    // SCORING.md §2: |p − p_ref| ≤ 3·√(p̄(1 − p̄)(1/npe_ref + 1/npe)), p̄ pooled over both runs.
    const pBar = (ref.n_pe_t_ge_tobs + g.nGe) / (ref.npe + NPE);
    const tol = 3 * Math.sqrt(pBar * (1 - pBar) * (1 / ref.npe + 1 / NPE));
    expect(Math.abs(g.pvalue - ref.pvalue)).toBeLessThanOrEqual(tol);
    expect(g.isLowerLimit).toBe(ref.significance_is_lower_limit);
  });

  // reference: pyBumpHunter 0.5 (0da0dd7), outputs.t_distribution.quantiles (numpy linear quantiles)
  it("gives the same t distribution within statistical error", () => {
    // For each reference quantile x_q, the fraction of our toys below it must bracket q:
    // #{t < x_q}/N − tol ≤ q ≤ #{t ≤ x_q}/N + tol (the bracket handles ties of a discrete t), with
    // tol = 4σ of the difference of two binomial fractions (4σ: 13 quantiles × 6 cases are checked)
    // plus 1/npe_ref for numpy interpolating between neighbouring order statistics.
    const sorted = Float64Array.from(tToys).sort();
    const nRef = c.outputs.global.npe;
    const off: string[] = [];
    for (const q of T_QUANTILE_PROBS) {
      const x = c.outputs.t_distribution.quantiles[String(q)]!;
      const below = countBelow(sorted, x, false) / NPE;
      const atOrBelow = countBelow(sorted, x, true) / NPE;
      const tol = 4 * Math.sqrt(q * (1 - q) * (1 / nRef + 1 / NPE)) + 1 / nRef;
      if (!(below - tol <= q && q <= atOrBelow + tol))
        off.push(`q=${q}: x=${x}, F in [${below}, ${atOrBelow}]`);
    }
    expect(off).toEqual([]);
  });

  it("gives each toy exactly the t that scan() gives its counts", () => {
    const counts: number[][] = [];
    const t = runToys(plan, SEED, 100, 140, (_, h) => counts.push(Array.from(h)));
    counts.forEach((h, i) => {
      expect(t[i]).toBe(scan(h, c.inputs.ref, settings).t);
    });
    expect(Array.from(t)).toEqual(Array.from(tToys.subarray(100, 140)));
  });
});

describe("pseudo-experiment threads", () => {
  it("gives identical results with 1 and 2 threads", { timeout: 30_000 }, async () => {
    const c = cases.find((x) => x.file === "case_bkg_only.json")!;
    const job = { background: c.inputs.ref, settings: settingsOf(c), seed: 99, npe: 3001 };
    const one = await runToysParallel({ ...job, threads: 1 });
    const two = await runToysParallel({ ...job, threads: 2 });
    expect(two.length).toBe(3001);
    expect(Array.from(two)).toEqual(Array.from(one));
    const g1 = globalPvalue(5, one);
    expect(globalPvalue(5, two)).toEqual(g1);
  });

  it("reports a lower limit when no toy reaches t_obs", () => {
    // reference: pyBumpHunter 0.5 case_sig600.json, significance_pybh = norm.ppf(1 − 1/10000) = 3.719016485455709
    const g = globalPvalue(100, new Float64Array(10_000).fill(3));
    expect(g.isLowerLimit).toBe(true);
    expect(g.pvalue).toBe(0);
    expect(g.significance).toBeCloseTo(3.719016485455709, 12);
  });
});
