import { describe, expect, it } from "vitest";
import { generateEvents } from "./generate";
import { LHCO, lhcoSummary } from "./reference";

// One 300k-background + 60k-signal sample (≈ 1 s). Statistical errors of the checked percentiles are
// ≲ 0.5% (background mjj, pT1), ≲ 1% (background jet masses, ~38k signal-region events) and ≲ 1.5%
// (signal jet-mass tails, ~39k events), well inside the tolerances below.
const g = generateEvents(
  {
    background: { n: 300_000 },
    signals: [{ model: "resonance-xy", n: 60_000, mass: 3500, mX: 500, mY: 100 }],
  },
  2020,
);
const bg = lhcoSummary(g.features, g.labels, 0);
const sig = lhcoSummary(g.features, g.labels, 1);

function within(got: readonly number[], want: readonly number[], tol: number): void {
  got.forEach((v, i) => {
    expect(Math.abs(v / (want[i] as number) - 1), `index ${i}: got ${v}, want ${want[i]}`).toBeLessThan(tol);
  });
}

describe("calibration to the LHC Olympics 2020 R&D sample", () => {
  const pick = (xs: readonly number[], idx: number[]) => idx.map((k) => xs[k] as number);

  it("background mjj 5/16/84/95th percentiles within 3% (median: see below)", () => {
    within(pick(bg.mjj, [0, 1, 3, 4]), pick(LHCO.background.mjj, [0, 1, 3, 4]), 0.03);
  });

  it("background leading-jet pT percentiles within 5%", () => {
    within(bg.pt1, LHCO.background.pt1, 0.05);
  });

  it("signal-region τ21 medians within 5% (background and R&D signal)", () => {
    within([bg.tau21Heavy, bg.tau21Light, sig.tau21Heavy, sig.tau21Light], [0.49, 0.6, 0.19, 0.38], 0.05);
  });

  it("R&D signal (W' 3500 → X 500, Y 100): mjj, heavier- and lighter-jet mass percentiles within 5%", () => {
    within(sig.mjj, LHCO.signal.mjj, 0.05);
    within(sig.heavy, LHCO.signal.heavy, 0.05);
    within(sig.light, LHCO.signal.light, 0.05);
  });

  it("background heavier- and lighter-jet mass percentiles (medians included) within 5%", () => {
    within(bg.heavy, LHCO.background.heavy, 0.05);
    within(bg.light, LHCO.background.light, 0.05);
  });

  it("signal-region (3.3–3.7 TeV) fraction of the background 12.1 ± 0.5%", () => {
    expect(Math.abs(bg.srFraction - LHCO.background.srFraction)).toBeLessThan(0.005);
  });

  // The median cannot also be within 3%: the reference percentiles equal, to the GeV, those of the
  // tiny LHCO file's 907 background events (checked against tiny_fastjet_antikt10.json), which have
  // 15.7 ± 1.2% in the signal region, while 12.1% is the full R&D sample's figure — 3σ apart. Every
  // spectrum tried lands on one line (median −3.1% ↔ 12.9%, −4.0% ↔ 12.5%, −4.4% ↔ 12.3%, −2% ↔
  // 13.9%); we keep the full-sample fraction exact and hold the median to the 907-event reference
  // within 5% (its own statistical error is ≈ 0.8%, and the 3σ tension adds ≈ 3%). Measured: 2905 GeV
  // (−4.4%).
  it("background mjj median within 5% of the 907-event reference (see the note above)", () => {
    within([bg.mjj[2] as number], [LHCO.background.mjj[2] as number], 0.05);
  });

  it("the Herwig variant differs visibly from Pythia", () => {
    const h = generateEvents({ background: { n: 100_000, variant: "herwig" } }, 2020);
    const hs = lhcoSummary(h.features, h.labels, 0);
    const shift = Math.max(
      Math.abs((hs.mjj[2] as number) / (bg.mjj[2] as number) - 1),
      Math.abs(hs.tau21Light / bg.tau21Light - 1),
    );
    expect(shift).toBeGreaterThan(0.05);
  });
});
