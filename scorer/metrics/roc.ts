import { groupScores } from "./group";
import type { Labels, Scores } from "./types";
import { validateScoresLabels } from "./validate";

/**
 * A full ROC curve, one point per distinct threshold, thresholds descending. Index 0 is the (0, 0)
 * point with threshold +Infinity (sklearn 1.3+; sklearn 1.2 wrote max + 1 there).
 * `fps`/`tps` are the integer counts passing (score ≥ threshold); `fpr = fps / nNegative`,
 * `tpr = tps / nPositive`, exactly as sklearn divides.
 */
export type Roc = {
  thresholds: Float64Array;
  fps: Float64Array;
  tps: Float64Array;
  fpr: Float64Array;
  tpr: Float64Array;
  nPositive: number;
  nNegative: number;
};

/**
 * ROC from the positive and negative scores, each already sorted ascending (see `groupScores`).
 * Walks both arrays from the top; all events with the threshold's score pass together (ties).
 * Same points as `sklearn.metrics.roc_curve(y, s, drop_intermediate=False)`. O(N).
 *
 * @throws Error when either array is empty (the caller validates classes first).
 * @example
 * const r = rocFromSorted(new Float64Array([0.5, 0.9]), new Float64Array([0.1, 0.5]));
 * [...r.fpr]; // → [0, 0, 0.5, 1]
 * [...r.tpr]; // → [0, 0.5, 1, 1]
 */
export function rocFromSorted(positive: Float64Array, negative: Float64Array): Roc {
  const nPositive = positive.length;
  const nNegative = negative.length;
  if (nPositive === 0 || nNegative === 0) throw new Error("rocFromSorted needs both classes");
  const cap = nPositive + nNegative + 1;
  const thresholds = new Float64Array(cap);
  const fps = new Float64Array(cap);
  const tps = new Float64Array(cap);
  thresholds[0] = Number.POSITIVE_INFINITY;
  let i = nPositive - 1;
  let j = nNegative - 1;
  let tp = 0;
  let fp = 0;
  let m = 1;
  while (i >= 0 || j >= 0) {
    const p = i >= 0 ? positive[i]! : Number.NEGATIVE_INFINITY;
    const q = j >= 0 ? negative[j]! : Number.NEGATIVE_INFINITY;
    const t = p > q ? p : q;
    while (i >= 0 && positive[i] === t) {
      tp++;
      i--;
    }
    while (j >= 0 && negative[j] === t) {
      fp++;
      j--;
    }
    thresholds[m] = t;
    fps[m] = fp;
    tps[m] = tp;
    m++;
  }
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    fpr[k] = fps[k]! / nNegative;
    tpr[k] = tps[k]! / nPositive;
  }
  return {
    thresholds: thresholds.slice(0, m),
    fps: fps.slice(0, m),
    tps: tps.slice(0, m),
    fpr,
    tpr,
    nPositive,
    nNegative,
  };
}

/**
 * ROC of all signal (label > 0) against background (label 0) — `sklearn.metrics.roc_curve(labels > 0,
 * scores, drop_intermediate=False)`. Copies before sorting; inputs are never changed.
 *
 * @throws AppError("validation") for length mismatch, N < 2, one class only, a non-finite score or a
 * negative/non-integer label (naming the row).
 * @example
 * [...rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).tpr]; // → [0, 0.5, 0.5, 1, 1]
 */
export function rocCurve(scores: Scores, labels: Labels): Roc {
  validateScoresLabels(scores, labels);
  const g = groupScores(scores, labels);
  return rocFromSorted(g.signal, g.background);
}
