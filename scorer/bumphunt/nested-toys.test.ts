import { describe, expect, it } from "vitest";
import { dijetBinIntegrals } from "./dijet";
import { nestedMeans, runNestedToys } from "./nested-toys";
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
});
