import { describe, expect, it } from "vitest";
import { previewSpec } from "./preview";

describe("previewSpec", () => {
  it("weights a quick sample back to the spec and finds the signal window (LHCO BB1)", () => {
    const p = previewSpec({
      background: { n: 1_000_000 },
      signals: [{ model: "resonance-xy", n: 834, mass: 3823, mX: 732, mY: 378 }],
    });
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const [bkg, sig] = p.mjj.series;
    // Nearly every event falls inside [1500, 7000] GeV: the weighted histograms add up to the spec.
    expect(sum(bkg!.counts)).toBeGreaterThan(0.97 * 1_000_000);
    expect(sum(sig!.counts)).toBeGreaterThan(0.97 * 834);
    const s = p.signals[0]!;
    expect(s.window[0]).toBeGreaterThan(3300);
    expect(s.window[1]).toBeLessThan(4000);
    // The central 68% of 834 events, against a window holding a few percent of a million.
    expect(s.signal).toBeGreaterThan(500);
    expect(s.signal).toBeLessThan(640);
    expect(s.background).toBeGreaterThan(10_000);
    expect(s.sOverSqrtB).toBeCloseTo(s.signal / Math.sqrt(s.background), 12);
  });

  it("refuses a bad spec naming the field", () => {
    expect(() => previewSpec({ background: { n: -1 } })).toThrow(/background\.n/);
  });
});
