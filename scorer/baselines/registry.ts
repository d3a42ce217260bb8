import { MAHALANOBIS_INPUTS } from "./mahalanobis";

/**
 * Every baseline a box gets when it opens (SCORING §5: marked rows that take no rank), keyed by its
 * `submissions.baseline` value, in the order the methods page lists them. `label`: the short name
 * (the organizer's progress lines); `method`: stored as the row's method; `summary`: what it does.
 */
export const BASELINES = {
  "bump-hunt": {
    label: "Plain bump hunt",
    method: "Plain bump hunt (no anomaly score, ε = 1)",
    summary:
      "The reference bump hunter on every preselected event (ε = 1 only): what a resonance search finds without any anomaly score.",
  },
  mahalanobis: {
    label: "Mahalanobis",
    method: "Mahalanobis distance (no neural network)",
    summary: `Squared Mahalanobis distance of (${MAHALANOBIS_INPUTS.map((i) => (i.log ? `ln ${i.feature}` : i.feature)).join(", ")}) after removing each input's quadratic trend in ln mjj (least squares over all events), to the mean of all events, so that a cut on it does not sculpt a hump into the mass spectrum; mjj itself is not an input.`,
  },
  ae: {
    label: "Autoencoder",
    method: "Dense autoencoder (reconstruction error)",
    summary:
      "Reconstruction error of a dense autoencoder (k → 16 → 4 → 16 → k, ReLU, Adam, 20 epochs, seeded) trained on all events, on the same standardised inputs as the Mahalanobis baseline (mjj left out).",
  },
} as const;

export type BaselineKey = keyof typeof BASELINES;

/**
 * The plain bump hunt: no anomaly score (every event scores 1), one cut at ε = 1. It needs no
 * computed scores, so score-submission scores its row directly. `description` is stored on its row.
 */
export const PLAIN_BUMP_HUNT = {
  key: "bump-hunt",
  ...BASELINES["bump-hunt"],
  description: "The reference bump hunter on the whole mass spectrum, without any selection.",
} as const;

/**
 * Baselines that compute per-event scores from a box's public features (the `baseline` job, or
 * `arena baseline` offline), in the order their jobs are queued.
 */
export const SCORE_BASELINES = { mahalanobis: BASELINES.mahalanobis, ae: BASELINES.ae } as const;

export type ScoreBaseline = keyof typeof SCORE_BASELINES;

/** The keys of SCORE_BASELINES, as a tuple for `z.enum`. */
export const SCORE_BASELINE_KEYS = Object.keys(SCORE_BASELINES) as [ScoreBaseline, ...ScoreBaseline[]];

/**
 * The short name of a baseline, or `key` itself when it names none.
 * @example baselineLabel("ae") // "Autoencoder"
 */
export function baselineLabel(key: string): string {
  return Object.hasOwn(BASELINES, key) ? BASELINES[key as BaselineKey].label : key;
}
