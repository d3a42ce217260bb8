import { describe, expect, it } from "vitest";
import { dijetBinIntegrals } from "./dijet";
import { nestedMeans, runNestedToys } from "./nested-toys";
import { gatePasses, gateVeto, type SearchOutcome } from "./search";
import { planToys, runToys } from "./toys";

const edges = Array.from({ length: 21 }, (_, i) => 3000 + 100 * i);
const shape = dijetBinIntegrals(edges, { p0: 1, p1: 8, p2: 6, p3: 0 });
const total = shape.reduce((a, b) => a + b, 0);
const cutOf = (n: number) => ({
  probeStart: { p0: n / total, p1: 8, p2: 6, p3: 0 },
  background: Array.from(shape, (s) => (n * s) / total),
  bounds: Array.from({ length: 21 }, (_, i) => i),
});
const settings = {
  sqrtS: 13_000,
  widthMin: 2,
  widthMax: 4,
  alphaOrder: 0.05,
  searchP: 0.01,
  minParams: 3,
  maxParams: 6,
};

describe("nested pseudo-experiments", () => {
  it("thins the means cut by cut, never letting a tighter cut expect more than a looser one", () => {
    const [a, b] = nestedMeans([
      [10, 10],
      [4, 12],
    ]);
    expect(Array.from(a!)).toEqual([10, 10]);
    expect(Array.from(b!)).toEqual([4, 10]);
  });

  it("depends only on (seed, j): any range of toys gives the same values", () => {
    const plan = { edges, settings, maxPull: 4, cuts: [cutOf(2e4), cutOf(2e3)] };
    const all = runNestedToys(plan, 3, 0, 40);
    const part = runNestedToys(plan, 3, 25, 40);
    // Cut-major: cut 1 of toys 25–39 sits at 15…29 of `part`, at 65…79 of `all`.
    expect(Array.from(part.t.subarray(15, 30))).toEqual(Array.from(all.t.subarray(65, 80)));
    expect(all.t.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    expect(Array.from(part.veto.subarray(15, 30))).toEqual(Array.from(all.veto.subarray(65, 80)));
  });

  it("lets every toy choose its own function order by the data's nested-model tests", () => {
    // Drawn from a 3-parameter fit: most toys keep 3 parameters, but the tests ask for more in
    // some (≈ α per test) — a toy loop that fixed the data's order would report 3 for all of them.
    const plan = { edges, settings, maxPull: 4, cuts: [cutOf(2e4)] };
    const { orders } = runNestedToys(plan, 9, 0, 300);
    expect(orders.reduce((a, b) => a + b, 0)).toBe(300);
    expect(orders[0]!).toBeGreaterThan(240);
    expect(orders[0]!).toBeLessThan(300);
  });

  it("refits each cut of each toy: its t is smaller than against the fixed background it was drawn from", () => {
    // A refit follows each toy's fluctuations, so its best window is less significant than in the
    // no-refit hypertest (pyBumpHunter's toys against the fixed reference, toys.ts): a toy loop that
    // skipped the refit would give the same distribution as runToys.
    const cut = cutOf(2e4);
    const plan = { edges, settings, maxPull: 4, cuts: [cut] };
    const refitted = Float64Array.from(runNestedToys(plan, 4, 0, 300).t).sort();
    const fixed = Float64Array.from(
      runToys(planToys(cut.background, { widthMin: 2, widthMax: 4 }), 4, 0, 300),
    ).sort();
    expect(refitted[150]!).toBeLessThan(0.9 * fixed[150]!);
  });

  it("screens the toys' pulls by a bound yet gives exactly gateVeto's verdict", () => {
    // Falling means from 1e4 to 0.01 events per bin, counts scattered by up to ±6σ (zeros among them),
    // with and without an excluded window: the bound clears most bins, the rest get binPull.
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    let rejected = 0;
    for (let s = 0; s < 2000; s++) {
      const mu = Float64Array.from({ length: 20 }, (_, i) => 1e4 * 10 ** (-i / 3.2));
      const spread = 6 * rnd();
      const counts = Array.from(mu, (m) =>
        Math.max(0, Math.round(m + (rnd() - 0.5) * 2 * spread * Math.sqrt(m))),
      );
      if (s % 5 === 0) mu[12] = mu[11]! * 2; // a rise now and then
      const excluded: [number, number] | null = s % 3 === 0 ? [5, 8] : null;
      const outcome = { ok: true, fit: { expected: mu }, excluded } as unknown as Extract<
        SearchOutcome,
        { ok: true }
      >;
      const pass = gateVeto(counts, outcome, edges, 4).veto === null;
      expect(gatePasses(counts, outcome, edges, 4)).toBe(pass);
      if (!pass) rejected++;
    }
    // Both verdicts occur often.
    expect(rejected).toBeGreaterThan(200);
    expect(rejected).toBeLessThan(1800);
  });
});
