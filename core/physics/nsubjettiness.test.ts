import { describe, expect, it } from "vitest";
import { nsubjettiness, tauRatio } from "./nsubjettiness";

describe("nsubjettiness (β = 1, R0 = 1, exclusive-kT axes)", () => {
  it("is 0 for a jet of one particle", () => {
    expect(nsubjettiness([250], [0.4], [1.2])).toEqual([0, 0, 0]);
  });

  it("τ_N = 0 for exactly N well-separated particles, and τ_(N−1) > 0", () => {
    const two = nsubjettiness([300, 200], [0.1, -0.3], [0.5, 1.1]);
    expect(two[1]).toBe(0);
    expect(two[0]).toBeGreaterThan(0);
    const three = nsubjettiness([300, 200, 100], [0.1, -0.3, 0.4], [0.5, 1.1, 0.9]);
    expect(three[2]).toBe(0);
    expect(three[1]).toBeGreaterThan(0);
  });

  it("matches a hand computation with three particles at η = 0", () => {
    // A (100, 0, 0), B (50, 0, 0.3), C (50, 0, −0.2). pz = 0 keeps every axis at y = 0, so ΔR = |Δφ|.
    // kT distances min(pT²) ΔR²: AB 225, AC 100, BC 625, so A + C merge first: 2 axes = {A+C, B}.
    // τ1 = Σ pT |φ − φ_ABC| / 200, φ_ABC = atan2(50 sin 0.3 − 50 sin 0.2, 100 + 50 cos 0.3 + 50 cos 0.2);
    // τ2 = (100 |φ_AC| + 50 |−0.2 − φ_AC|) / 200, φ_AC = −atan2(50 sin 0.2, 100 + 50 cos 0.2).
    // reference: Python 3.11 math with the formulas above
    const [tau1, tau2, tau3] = nsubjettiness([100, 50, 50], [0, 0, 0], [0, 0.3, -0.2]);
    expect(tau1).toBeCloseTo(0.13730259371538545, 14);
    expect(tau2).toBeCloseTo(0.06664189274734053, 14);
    expect(tau3).toBe(0);
  });

  it("does not depend on where the jet sits in φ (wrapping at ±π)", () => {
    const base = nsubjettiness([100, 50, 50, 20], [0, 0.1, -0.2, 0.3], [0, 0.3, -0.2, 0.1]);
    const shifted = nsubjettiness([100, 50, 50, 20], [0, 0.1, -0.2, 0.3], [3.1, 3.4 - 2 * Math.PI, 2.9, 3.2]);
    for (let n = 0; n < 3; n++) expect(shifted[n]).toBeCloseTo(base[n]!, 12);
  });
});

describe("tauRatio", () => {
  it("is 0 when the denominator is 0", () => {
    expect(tauRatio(0, 0)).toBe(0);
    expect(tauRatio(0.2, 0.5)).toBeCloseTo(0.4, 15);
  });
});
