/**
 * The event schema every box shares, generated or imported: the feature columns in file order and
 * the collider energy. Generated boxes (blackboxes/generator), LHCO imports (lib/imports/lhco.ts) and
 * the scorer's defaults (scorer/bumphunt/scoring-config.ts) all read these; none re-declares them.
 */

/** Feature columns of every event, in file order (GeV for masses and momenta). */
export const FEATURE_NAMES = [
  "mjj",
  "mj1",
  "mj2",
  "tau21_1",
  "tau21_2",
  "tau32_1",
  "tau32_2",
  "pt1",
  "pt2",
  "eta1",
  "eta2",
  "phi1",
  "phi2",
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const N_FEATURES = FEATURE_NAMES.length;

/** Centre-of-mass energy of the LHC Run 2 samples (LHCO 2020, ADC2021, Dark Machines), in GeV. */
export const SQRT_S_GEV = 13_000;
