import { describe, expect, it } from "vitest";
import { parseGeneratorSpec, scaleGenerator } from "./spec";

const bb1 = {
  events: 1_000_000,
  background: { variant: "pythia" },
  signals: [{ model: "resonance-xy", n: 834, mass: 3823, mX: 732, mY: 378 }],
};

describe("scaleGenerator", () => {
  it("keeps each signal's share, rounded and at least one; the background fills the rest", () => {
    const scaled = scaleGenerator(bb1, 100_000);
    expect(scaled.events).toBe(100_000);
    expect(scaled.signals?.map((s) => s.n)).toEqual([83]); // 83.4
    expect(scaleGenerator(bb1, 1000).signals?.map((s) => s.n)).toEqual([1]); // 0.834: at least one
    expect(parseGeneratorSpec(scaled).background).toEqual({ variant: "pythia", n: 100_000 - 83 });
  });

  it("drops a legacy background.n, which the new total replaces, and keeps the variant", () => {
    const legacy = {
      background: { n: 2000, variant: "herwig" },
      signals: [{ model: "resonance-dijet", n: 50, mass: 4000 }],
    };
    const scaled = scaleGenerator(legacy, 1025);
    expect(scaled.background).toEqual({ variant: "herwig" });
    expect(parseGeneratorSpec(scaled)).toMatchObject({
      events: 1025,
      background: { n: 1000 },
      signals: [{ n: 25 }],
    });
  });

  it("throws parseGeneratorSpec's InputError for a bad spec", () => {
    expect(() => scaleGenerator({ background: {} }, 1000)).toThrow(/events: required/);
  });
});
