import { MAHALANOBIS_INPUTS } from "./mahalanobis";

/**
 * Baselines that compute per-event scores from a box's public features (the plain bump hunt needs
 * none: it is scored by score-submission directly). Keys are the `submissions.baseline` values.
 */
export const SCORE_BASELINES = {
  mahalanobis: {
    method: "Mahalanobis distance (no neural network)",
    summary: `Squared Mahalanobis distance of (${MAHALANOBIS_INPUTS.map((i) => (i.log ? `ln ${i.feature}` : i.feature)).join(", ")}) after removing each input's quadratic trend in ln mjj (least squares over all events), to the mean of all events, so that a cut on it does not sculpt a hump into the mass spectrum; mjj itself is not an input.`,
  },
  ae: {
    method: "Dense autoencoder (reconstruction error)",
    summary:
      "Reconstruction error of a dense autoencoder (k → 16 → 4 → 16 → k, ReLU, Adam, 20 epochs, seeded) trained on all events, on the same standardised inputs as the Mahalanobis baseline (mjj left out).",
  },
} as const;

export type ScoreBaseline = keyof typeof SCORE_BASELINES;
