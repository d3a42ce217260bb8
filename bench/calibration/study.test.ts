import { describe, expect, it } from "vitest";
import { renderStudy, verdicts } from "./render";
import { runStudy } from "./study";
import { binomialInterval, ksUniform } from "./stats";

// The small version of `npm run study:calibration` (the full one: 200 boxes of 1M events per variant,
// docs/calibration.md): the pipeline runs end to end on both background variants and every score
// kind, and the figures and the page are written. Numbers this small test only the plumbing.
describe("calibration study (small version)", () => {
  it("scores background-only boxes of both variants, a spurious-signal scan and an injection, and renders the page", async () => {
    const r = await runStudy({
      boxes: 8,
      events: 100_000,
      npe: 40,
      variants: ["pythia", "herwig"],
      injections: [1200],
      injectionBoxes: 1,
      spuriousBoxes: 2,
      threads: 2,
      scoringConfig: { preselection: { maxDeltaEta: 1.3 }, widthMax: 7, searchP: 1e-4 },
    });
    for (const variant of ["pythia", "herwig"] as const) {
      for (const kind of ["plain", "random", "pt1"] as const) {
        const rows = r.boxes[variant][kind];
        expect(rows).toHaveLength(8);
        for (const b of rows) {
          if (b.p !== null) expect(b.p).toBeGreaterThan(0);
          if (b.p !== null) expect(b.p).toBeLessThanOrEqual(1);
          expect(b.cuts.length).toBe(kind === "plain" ? 1 : 4);
        }
      }
      expect(r.spurious[variant].length).toBeGreaterThan(5);
    }
    expect(r.injections.map((x) => x.score)).toEqual(["labels", "labels+tiebreak", "tagger"]);
    const v = verdicts(r);
    expect(v).toHaveLength(6);
    const { md, figures } = renderStudy(r, "calibration", "test");
    expect(Object.keys(figures)).toEqual(
      expect.arrayContaining(["p-pythia-random.svg", "qq-herwig.svg", "power.svg"]),
    );
    // The p-value histogram has its 20 bars and the uniform line.
    const hist = figures["p-pythia-random.svg"]!;
    expect(hist.match(/<rect [^>]*fill="#4a78b5"/g)).toHaveLength(20);
    expect(hist).toContain('stroke="#c0392b"');
    expect(JSON.parse(figures["verdicts.json"]!)).toEqual({ command: "test", verdicts: v });
    expect(md).toContain("| pythia | random scores | ");
    expect(md).toContain("## Spurious signal");
  }, 300_000);

  it("tests uniformity as scipy does (KS statistic) and brackets the count below 0.05 exactly", () => {
    // reference: scipy 1.17 kstest([0.1, 0.4, 0.7], "uniform").statistic = 0.3;
    // binom.ppf(0.025, 200, 0.05) = 4, binom.isf(0.025, 200, 0.05) = 16.
    expect(ksUniform([0.1, 0.4, 0.7]).d).toBeCloseTo(0.3, 12);
    expect(binomialInterval(200, 0.05)).toEqual({ lo: 4, hi: 16 });
    expect(ksUniform(Array.from({ length: 400 }, (_, i) => (i + 0.5) / 400)).p).toBeGreaterThan(0.99);
    expect(ksUniform(Array.from({ length: 400 }, (_, i) => ((i + 0.5) / 400) ** 2)).p).toBeLessThan(1e-6);
  });
});
