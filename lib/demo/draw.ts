import { randomInt } from "node:crypto";
import type { SignalSpec } from "@/blackboxes/generator/spec";

/**
 * The demo's blind boxes are fresh draws, not the LHC Olympics 2020 answers (which anyone can look
 * up): at the first start each signal's masses and size are drawn from ranges around the 2020 ones
 * with the OS CSPRNG, and recorded only in the box's sealed spec and truth file.
 *
 * | box | 2020 injection                      | demo draw (uniform, whole GeV)                               |
 * |-----|-------------------------------------|--------------------------------------------------------------|
 * | bb1 | W′ 3823 → X 732, Y 378; 834 per 1M  | mass 3000–5500, mX 100–800, mY 50–600; 300–1500 per 1M        |
 * | bb3 | 4200: 1200 dijet + 2000 cascade (mR 2217) | mass 3500–5500, mR 0.35–0.65 × mass; 500–2000 + 1000–3000 per 1M |
 *
 * Other boxes keep their built-in spec (the R&D box is labelled; bb2 holds no signal).
 * Returns the signals for `total` events (counts scaled from per-million, at least 1), or null.
 */
export function drawDemoSignals(slug: string, total: number): SignalSpec[] | null {
  const perMillion = (lo: number, hi: number) => Math.max(1, Math.round((uniform(lo, hi) * total) / 1e6));
  if (slug === "bb1") {
    return [
      {
        model: "resonance-xy",
        mass: uniform(3000, 5500),
        mX: uniform(100, 800),
        mY: uniform(50, 600),
        prongs: 2,
        n: perMillion(300, 1500),
      },
    ];
  }
  if (slug === "bb3") {
    const mass = uniform(3500, 5500);
    const mR = Math.round((mass * uniform(350, 650)) / 1000);
    return [
      { model: "resonance-dijet", mass, mode: "dijet", n: perMillion(500, 2000) },
      { model: "resonance-dijet", mass, mode: "cascade", mR, n: perMillion(1000, 3000) },
    ];
  }
  return null;
}

/** A whole number in [lo, hi] from the OS CSPRNG. */
function uniform(lo: number, hi: number): number {
  return randomInt(lo, hi + 1);
}
