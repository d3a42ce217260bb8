import { describe, expect, it } from "vitest";
import { dijetBox } from "@/tests/support/dijet-box";
import { mulberry32 as rng } from "@/core/rng/mulberry32";
import { discovery, toyEnsemble } from "./discovery";
import { histogram, selectTop } from "./select";

/** The discovery tests' box: background over 1.8–7 TeV (p2 = 5, CMS-like), signal at 3500 GeV (σ = 100 GeV) with scores N(1.5, 1). */
const box = (nBkg: number, nSig: number, seed: number) =>
  dijetBox({ nBkg, nSig, seed, p2: 5, from: 1800, to: 7000, mass: 3500, width: 100, shift: 1.5 });

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

describe("discovery (SCORING §2 v2)", () => {
  it("finds an injected 3.5 TeV resonance at a tight cut, refits every toy and reports every cut", async () => {
    const { scores, mass } = box(300_000, 600, 11);
    // searchP 1e-4: the built-in boxes' search-phase threshold (scoring-config.ts BUILTIN_SEARCH_P).
    const r = await discovery(scores, mass, { edges: EDGES, npe: 400, seed: 5, threads: 2, searchP: 1e-4 });
    expect(r.method).toBe(2);
    expect(r.cuts.map((c) => c.efficiency)).toEqual([1, 0.1, 0.01, 0.001]);
    expect(r.cuts.map((c) => c.selected)).toEqual([300_600, 30_060, 3006, 301]);
    expect(r.toyOrder).toBe("chosen per toy");
    // Every toy-cut of the cuts the data's fixed gate let through chose an order; a cut rejected by
    // a pull or a rising fit has no p-value, so its toys are drawn (for the nesting) but not analysed.
    const fixedVeto = r.cuts.filter(
      (c) => c.rejection?.reason === "pull" || c.rejection?.reason === "rising",
    );
    expect(fixedVeto.map((c) => c.model?.gofPvalue ?? null)).toEqual(fixedVeto.map(() => null));
    expect(fixedVeto.map((c) => c.efficiency)).toEqual([0.001]);
    expect(r.toyOrders.reduce((a, b) => a + b, 0)).toBe((4 - fixedVeto.length) * 400);
    const best = r.cuts.find((c) => c.efficiency === r.summary?.efficiency)!;
    expect(r.summary!.efficiency).toBeLessThan(1);
    expect(r.summary!.claimedMass).toBeGreaterThan(3300);
    expect(r.summary!.claimedMass).toBeLessThan(3700);
    // The bump is so strong that no toy of the 400 reaches it: the tail is extrapolated, Z finite.
    expect(best.bump!.global.pvalue).toBeLessThan(0.01);
    expect(Number.isFinite(r.summary!.globalSignificance)).toBe(true);
    expect(r.summary!.globalSignificance).toBeGreaterThan(3);
    // The search phase left the bump out of the final fit, and the model passed the gate.
    expect(best.model!.excluded).not.toBeNull();
    expect(best.model!.excluded!.loEdge).toBeLessThan(3600);
    expect(best.model!.excluded!.hiEdge).toBeGreaterThan(3400);
    expect(best.status).toBe("ok");
  }, 120_000);

  it("is the same result whatever the thread count (toy j depends only on the seed and j)", async () => {
    const { scores, mass } = box(50_000, 0, 21);
    const config = { edges: EDGES, npe: 600, seed: 9, cutEfficiencies: [1, 0.1] };
    const one = await discovery(scores, mass, { ...config, threads: 1 });
    const two = await discovery(scores, mass, { ...config, threads: 2 });
    expect(two.cuts.map((c) => c.bump?.global)).toEqual(one.cuts.map((c) => c.bump?.global));
    expect(two.summary).toEqual(one.summary);
  }, 120_000);

  it("leaves out events whose mass is NaN (the preselection) and selects among the others", async () => {
    const { scores, mass } = box(20_000, 0, 13);
    const cut = Float64Array.from(mass, (m, i) => (i % 2 ? Number.NaN : m));
    const r = await discovery(scores, cut, { edges: EDGES, npe: 50, cutEfficiencies: [1, 0.1] });
    expect(r.preselected).toBe(10_000);
    expect(r.cuts.map((c) => c.selected)).toEqual([10_000, 1000]);
  });

  it("rejects a background model that cannot describe the spectrum, with the reason and no Z or bump", async () => {
    // A trigger turn-on inside the fit range (efficiency ½(1 + tanh((m − 2500)/250))): no dijet
    // function describes it (the v1 failure at 2.5 TeV); the events that fail it get mass NaN.
    const { scores, mass } = box(200_000, 0, 12);
    const u = rng(3);
    const turnOn = Float64Array.from(mass, (m) =>
      u() < 0.5 * (1 + Math.tanh((m - 2500) / 250)) ? m : Number.NaN,
    );
    const r = await discovery(scores, turnOn, { edges: EDGES, npe: 200, cutEfficiencies: [1] });
    const c = r.cuts[0]!;
    expect(c.status).toBe("rejected");
    expect(c.rejection!.reason).toMatch(/goodness-of-fit|pull|rising/);
    expect(c.bump).toBeNull();
    expect(c.pulls).toHaveLength(c.edges.length - 1); // the cut's bins: the sparse tail merged
    expect(c.edges[0]).toBe(2000);
    expect(r.summary).toBeNull();
    expect(r.summaryReason).toMatch(/background model rejected/);
  }, 60_000);

  it("keeps Z finite for a bump whose p underflows to 0 (ln p carried through)", async () => {
    const { scores, mass } = box(100_000, 30_000, 14);
    const r = await discovery(scores, mass, { edges: EDGES, npe: 50, cutEfficiencies: [1], searchP: 1e-4 });
    expect(r.summary!.pvalue).toBe(0);
    expect(Number.isFinite(r.summary!.globalSignificance)).toBe(true);
    expect(r.summary!.globalSignificance).toBeGreaterThan(38);
    expect(r.summary!.extrapolated).toBe(true);
  }, 60_000);

  it("says why when no fit converges, and carries no numbers", async () => {
    const { scores, mass } = box(300, 0, 12);
    const tiny = await discovery(scores, mass, { edges: EDGES, npe: 20, cutEfficiencies: [0.01] });
    expect(tiny.cuts[0]).toMatchObject({ status: "rejected", bump: null, model: null });
    expect(tiny.cuts[0]!.rejection!.reason).toBe("fit-failed");
    expect(tiny.summary).toBeNull();
  });
});

describe("toyEnsemble (the toys' gate)", () => {
  it("keeps only toys whose model passed the whole gate: no veto, a finite t, gof rank ≥ alphaGof", () => {
    const n = 200;
    const t = Float64Array.from({ length: n }, (_, j) => j / 10);
    t[7] = Number.POSITIVE_INFINITY; // a failed fit
    const gof = Float64Array.from({ length: n }, (_, j) => (j * 37) % n); // a permutation of 0 … 199
    const veto = new Uint8Array(n);
    veto[3] = 1; // a pull or a rise
    const e = toyEnsemble(t, gof, veto, 0.01);
    // gof rank #{i: gof_i ≥ gof_j} / n < 0.01 only for the largest gof value (1/200; 198's is 2/200).
    const worstGof = [gof.indexOf(199)];
    const rejected = new Set([3, 7, ...worstGof]);
    expect(e.passed).toBe(n - rejected.size);
    for (let j = 0; j < n; j++) expect(e.pass[j]).toBe(rejected.has(j) ? 0 : 1);
  });
});
