import { describe, expect, it } from "vitest";
import { sampleCosTheta } from "./qcd";
import { ChunkStream } from "./rng";

/** CDF of u = |cosθ*| for χ flat on [1, chiMax] weighted by sin^(2b)θ*, by direct integration over χ. */
function referenceCdf(b: number, chiMax: number, us: number[]): number[] {
  const steps = 200_000;
  const h = (chiMax - 1) / steps;
  const cum: number[] = [];
  let total = 0;
  const chiAt = us.map((u) => (1 + u) / (1 - u));
  const at = new Array<number>(us.length).fill(0);
  for (let i = 0; i < steps; i++) {
    const chi = 1 + (i + 0.5) * h;
    const w = ((4 * chi) / (chi + 1) ** 2) ** b;
    total += w;
    chiAt.forEach((c, k) => {
      if (chi < c) at[k] = (at[k] as number) + w;
    });
  }
  for (const a of at) cum.push(a / total);
  return cum;
}

describe("sampleCosTheta", () => {
  for (const b of [3.6, 1.5, 5]) {
    it(`matches the χ-space density for b = ${b} (Kolmogorov distance < 0.005 on 200k draws)`, () => {
      const s = new ChunkStream(11);
      s.reset(0, 0);
      const n = 200_000;
      const draws = Float64Array.from({ length: n }, () => sampleCosTheta(s, b, 23.47)).sort();
      const us = [0.1, 0.3, 0.5, 0.7, 0.85, 0.9];
      const want = referenceCdf(b, 23.47, us);
      us.forEach((u, k) => {
        let below = 0;
        while (below < n && (draws[below] as number) < u) below++;
        expect(Math.abs(below / n - (want[k] as number))).toBeLessThan(0.005);
      });
      expect(draws[n - 1]).toBeLessThanOrEqual(22.47 / 24.47);
    });
  }
});
