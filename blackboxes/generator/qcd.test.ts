import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, N_FEATURES } from "@/core/events";
import { generateEvents } from "./generate";
import { sampleCosTheta } from "./qcd";
import { ChunkStream } from "./rng";

const MJJ = FEATURE_NAMES.indexOf("mjj");

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

describe("QCD mjj spectrum near the kinematic limit", () => {
  // Four 500 GeV bins from 5 to 7 TeV. The old generator cut the parton mass at √s/2 = 6.5 TeV: the
  // 6.0–6.5 TeV bin held a quarter of the one below it (response losses smear the edge down) and
  // nothing lay above 6.5 TeV — a wall that a dijet-function fit over 3–7 TeV cannot follow.
  for (const variant of ["pythia", "herwig"] as const) {
    it(`${variant}: falls smoothly through 6.5 TeV (300k events: adjacent-bin ratios alike, events above 6.5 TeV)`, () => {
      const n = 300_000;
      const g = generateEvents({ background: { n, variant } }, 14);
      const counts = [0, 0, 0, 0];
      let above = 0;
      for (let i = 0; i < n; i++) {
        const m = g.features[i * N_FEATURES + MJJ] as number;
        if (m >= 6500) above++;
        const k = Math.floor((m - 5000) / 500);
        if (k >= 0 && k < counts.length) counts[k] = (counts[k] as number) + 1;
      }
      // ≈ 980 (Pythia) and ≈ 580 (Herwig) here; none before.
      expect(above).toBeGreaterThan(200);
      // Each 500 GeV step keeps about half the events (0.44–0.55 here, ±0.03 statistical; before:
      // 0.50, 0.23, 0); a wall shows as a ratio near 0 or a sudden drop between neighbouring steps.
      const ratios = counts.slice(1).map((c, k) => c / (counts[k] as number));
      const shown = `counts ${counts.join(", ")}; ratios ${ratios.map((r) => r.toFixed(3)).join(", ")}`;
      for (const r of ratios) {
        expect(r, shown).toBeGreaterThan(0.3);
        expect(r, shown).toBeLessThan(0.75);
      }
      expect(Math.max(...ratios) - Math.min(...ratios), shown).toBeLessThan(0.2);
    });
  }
});
