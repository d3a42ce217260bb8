import type { QcdParams } from "./qcd";
import type { ResonanceParams } from "./resonance";

/**
 * Tuned constants. The Pythia background and the 2-prong resonance are fitted by tune.ts to the
 * LHC Olympics 2020 R&D percentiles in /work/shared/fixtures/README.md; calibration.test.ts checks
 * the result. Herwig and the other signal modes are set by hand (no reference numbers).
 */
export const PYTHIA: QcdParams = {
  p1: 1.707,
  p2: 7.856,
  p3: 0.0176,
  chiMax: 26.72,
  responseLoss: 0.1067,
  motion: { recoilMean: 33.18, rapiditySigma: 0.6 },
  jet: {
    massMu: -2.527,
    massSigmaLow: 0.6065,
    massSigmaHigh: 1.029,
    gluonFraction: 0.453,
    gluonShift: 0.8189,
    rhoMax: 0.4836,
    tau21Mean: 0.5994,
    tau21Slope: -0.107,
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
  line: { shift: -0.006003, sigma: 0.05046, tailFraction: 0.1194, tailScale: 0.02137 },
  cascadeSigma: 0.04,
  prongJet: {
    shift: 0.003304,
    sigma: 0.06848,
    lostPerDR2: 0.2242,
    extraPerPt: 0.03143,
    hardFraction: 0.08806,
    hardExtraPerPt: 0.1428,
    tau21A: 0.02603,
    tau21B: 0.1355,
    tau21Sigma: 0.07,
    tau32Prong: 0.4,
    tau32Sigma: 0.09,
    tau21ThreeProng: 0.5,
  },
  /** Gluon jets: the gluon component of the QCD jet model. */
  gluonJet: { ...PYTHIA.jet, gluonFraction: 1 },
  motion: PYTHIA.motion,
};

/** Plain dijet resonances: gluon jets radiate more, so a wider line with a heavier low tail. */
export const DIJET_LINE = { shift: -0.02, sigma: 0.05, tailFraction: 0.4, tailScale: 0.07 };
