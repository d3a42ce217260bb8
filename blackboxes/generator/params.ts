import type { QcdParams } from "./qcd";
import type { ResonanceParams } from "./resonance";

/**
 * Tuned constants. The Pythia background and the 2-prong resonance are fitted by tune.ts to the
 * LHC Olympics 2020 R&D percentiles in /work/shared/fixtures/README.md; calibration.test.ts checks
 * the result. Herwig and the other signal modes are set by hand (no reference numbers).
 */
export const PYTHIA: QcdParams = {
  p1: 0.0843,
  p2: 8.192,
  chiMax: 23.47,
  responseLoss: 0.0904,
  motion: { recoilMean: 30.75, rapiditySigma: 0.6 },
  jet: {
    massMu: -2.103,
    massSigmaLow: 0.7543,
    massSigmaHigh: 0.7287,
    tau21Mean: 0.5463,
    tau21Slope: -0.1229,
    tau21Sigma: 0.13,
    tau32Mean: 0.72,
    tau32Slope: -0.03,
    tau32Sigma: 0.1,
  },
};

/** Herwig-like: softer spectrum, lighter jets with higher τ21 (LHCO Black Box 2 differed this way). */
export const HERWIG: QcdParams = {
  ...PYTHIA,
  p2: PYTHIA.p2 + 0.6,
  jet: {
    ...PYTHIA.jet,
    massMu: PYTHIA.jet.massMu - 0.15,
    tau21Mean: PYTHIA.jet.tau21Mean + 0.06,
    tau32Mean: PYTHIA.jet.tau32Mean + 0.03,
  },
};

export const RESONANCE: ResonanceParams = {
  line: { shift: -0.0104, sigma: 0.0436, tailFraction: 0.29, tailScale: 0.0411 },
  cascadeSigma: 0.04,
  prongJet: {
    shift: 0.003,
    sigma: 0.0669,
    lostPerDR2: 0.229,
    extraPerPt: 0.0403,
    tau21A: 0.0296,
    tau21B: 0.1348,
    tau21Sigma: 0.07,
    tau32Prong: 0.4,
    tau32Sigma: 0.09,
    tau21ThreeProng: 0.5,
  },
  gluonJet: { ...PYTHIA.jet, massMu: PYTHIA.jet.massMu + 0.1 },
  motion: PYTHIA.motion,
};

/** Plain dijet resonances: gluon jets radiate more, so a wider line with a heavier low tail. */
export const DIJET_LINE = { shift: -0.02, sigma: 0.05, tailFraction: 0.4, tailScale: 0.07 };
