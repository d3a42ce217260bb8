import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDiscoverySettings } from "@/scorer/bumphunt/scoring-config";
import { parseGeneratorSpec } from "@/blackboxes/generator/spec";

// The built-in boxes replay the LHC Olympics 2020 (fixtures/README.md): R&D, BB1 (834 W' → XY at
// 3823 GeV), BB2 (no signal, another background generator), BB3 (4.2 TeV, 1200 dijet + 2000 cascade).
const dir = path.join(import.meta.dirname, "..", "..", "blackboxes");
const load = (slug: string) => JSON.parse(fs.readFileSync(path.join(dir, `${slug}.json`), "utf8"));

describe("built-in black box specs", () => {
  it.each(["rnd", "bb1", "bb2", "bb3"])(
    "%s is a valid spec with a scoring config above the turn-on",
    (slug) => {
      const box = load(slug);
      expect(box.slug).toBe(slug);
      const gen = parseGeneratorSpec(box.generator);
      // The spec sets the total and signal replaces background: the count says nothing about N_sig.
      expect(gen.events).toBe(slug === "rnd" ? 1_100_000 : 1_000_000);
      expect(box.generator.background.n).toBeUndefined();
      expect(box.seed).toBeUndefined();
      expect(box.scoringConfig).toMatchObject({
        massFeature: "mjj",
        npe: 10_000,
        cutEfficiencies: [1, 0.1, 0.01, 0.001],
      });
      // SCORING §2 v2: the dijet function describes the background only above the trigger turn-on;
      // |Δη| < 1.3 makes it sharp (full efficiency from ≈ 2.9 TeV), so the fit starts at 3 TeV.
      expect(box.scoringConfig.preselection).toEqual({ maxDeltaEta: 1.3 });
      expect(box.scoringConfig.bins.min).toBeGreaterThanOrEqual(3000);
      const parsed = parseDiscoverySettings(box.scoringConfig);
      expect(parsed.ok).toBe(true);
    },
  );

  it("replays the 2020 black boxes' injections", () => {
    expect(parseGeneratorSpec(load("bb1").generator).signals).toEqual([
      expect.objectContaining({ model: "resonance-xy", n: 834, mass: 3823, mX: 732, mY: 378 }),
    ]);
    expect(parseGeneratorSpec(load("bb2").generator)).toMatchObject({
      background: { variant: "herwig" },
      signals: [],
    });
    expect(parseGeneratorSpec(load("bb3").generator).signals.map((s) => s.n)).toEqual([1200, 2000]);
    expect(load("rnd").mode).toBe("practice");
  });
});
