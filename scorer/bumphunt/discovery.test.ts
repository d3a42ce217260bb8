import { describe, expect, it } from "vitest";
import { mulberry32 as rng } from "@/tests/support/rng";
import { dijet } from "./dijet";
import { discovery } from "./discovery";
import { histogram, selectTop } from "./select";

/**
 * A toy LHCO-like box: `nBkg` background dijet masses drawn from the dijet shape (p1 = 8, p2 = 5,
 * CMS-like) by inverse CDF on a 1 GeV grid, scores N(0, 1); plus `nSig` signal events at 3500 GeV
 * (σ = 100 GeV) with scores N(1.5, 1).
 */
function box(nBkg: number, nSig: number, seed: number) {
  const u = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const grid: number[] = [];
  const cdf: number[] = [];
  let acc = 0;
  for (let m = 1800; m <= 7000; m += 1) {
    acc += dijet(m + 0.5, { p0: 1, p1: 8, p2: 5, p3: 0 });
    grid.push(m + 1);
    cdf.push(acc);
  }
  const sample = () => {
    const r = u() * acc;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return grid[lo]! - u();
  };
  const n = nBkg + nSig;
  const mass = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const signal = i >= nBkg;
    mass[i] = signal ? 3500 + 100 * normal() : sample();
    scores[i] = (signal ? 1.5 : 0) + normal();
  }
  return { mass, scores };
}

const EDGES = Array.from({ length: 61 }, (_, i) => 2000 + (i * 4000) / 60);

describe("selectTop", () => {
  it("keeps the ⌈ε·N⌉ highest scores, ties together, whichever count is closer", () => {
    expect(Array.from(selectTop([0.1, 0.9, 0.5, 0.3], 0.5))).toEqual([1, 2]);
    // ⌈0.5·4⌉ = 2; the tie at 0.5 gives 1 (none) or 3 (all): equally close → all.
    expect(Array.from(selectTop([0.1, 0.9, 0.5, 0.5], 0.5))).toEqual([1, 2, 3]);
    // ⌈0.2·10⌉ = 2; a tie of five at the boundary: 1 (none) is closer than 6 (all).
    expect(Array.from(selectTop([9, 5, 5, 5, 5, 5, 1, 1, 1, 1], 0.2))).toEqual([0]);
    expect(selectTop([1, 2, 3], 1)).toHaveLength(3);
    expect(() => selectTop([1, 2], 0)).toThrow(RangeError);
    expect(() => selectTop([1, Number.NaN], 1)).toThrow(/finite/);
  });

  it("histograms only the selected events inside the edges", () => {
    const h = histogram([2500, 2600, 9000, 1000, 2999.9], [0, 1, 2, 3, 4], [2000, 2500, 3000]);
    expect(Array.from(h)).toEqual([0, 3]);
  });
});

describe("discovery (SCORING §2)", () => {
  it("finds an injected 3.5 TeV resonance at a tight cut, and reports every cut", async () => {
    const { scores, mass } = box(300_000, 600, 11);
    const r = await discovery(scores, mass, { edges: EDGES, npe: 2000, seed: 5, threads: 2 });
    expect(r.cuts.map((c) => c.efficiency)).toEqual([1, 0.1, 0.01, 0.001]);
    expect(r.cuts.map((c) => c.selected)).toEqual([300_600, 30_060, 3006, 301]);
    // 1 to 0.01 keep thousands of events and fit; 0.001 keeps 164 in range, too few for four
    // parameters here: it must say "no fit" and carry no numbers rather than a wild fit.
    expect(r.cuts.slice(0, 3).map((c) => c.status)).toEqual(["ok", "ok", "ok"]);
    const last = r.cuts[3]!;
    if (last.status === "no fit") expect(last.bump).toBeNull();
    const best = r.cuts.find((c) => c.efficiency === r.summary?.efficiency)!;
    expect(r.summary!.efficiency).toBeLessThan(1);
    expect(r.summary!.claimedMass).toBeGreaterThan(3300);
    expect(r.summary!.claimedMass).toBeLessThan(3700);
    expect(best.bump!.global.pvalue).toBeLessThan(0.01);
    expect(best.refit?.status).toBe("converged");
  });

  it("finds nothing remarkable in background only, and says 'no fit' instead of numbers when a fit fails", async () => {
    const { scores, mass } = box(100_000, 0, 12);
    const r = await discovery(scores, mass, { edges: EDGES, npe: 1000, seed: 6, cutEfficiencies: [1, 0.01] });
    const z = r.summary?.globalSignificance ?? 0;
    expect(z).toBeLessThan(3);
    // 3 events cannot constrain four parameters.
    const tiny = await discovery(scores.subarray(0, 300), mass.subarray(0, 300), {
      edges: EDGES,
      npe: 100,
      cutEfficiencies: [0.01],
    });
    expect(tiny.cuts[0]).toMatchObject({ status: "no fit", bump: null, fit: { status: "failed" } });
    expect(tiny.summary).toBeNull();
  });
});
