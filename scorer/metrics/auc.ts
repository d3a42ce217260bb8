import type { Roc } from "./roc";
import { rocCurve } from "./roc";
import type { Labels, Scores } from "./types";

/**
 * Area under a full ROC by the trapezoid rule: Σ (FPR_k − FPR_{k−1}) (TPR_k + TPR_{k−1}) / 2, so events
 * tied across classes count one half (= Mann–Whitney U / (N_sig·N_bkg)). Matches
 * `sklearn.metrics.roc_auc_score` to 1e-12 absolute.
 *
 * Summed in integer counts, Σ Δfps·(tps_k + tps_{k−1}), with Neumaier compensation: every term and
 * partial sum is an integer, exact while 2·N_sig·N_bkg < 2^53 (~1e8 events), and compensated beyond;
 * one final division. Inputs are not changed. Never throws (a `Roc` always has both classes).
 *
 * @example
 * aucFromRoc(rocCurve([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1])); // → 0.875
 */
export function aucFromRoc(roc: Roc): number {
  const { fps, tps } = roc;
  let sum = 0;
  let comp = 0;
  for (let k = 1; k < fps.length; k++) {
    const term = (fps[k]! - fps[k - 1]!) * (tps[k]! + tps[k - 1]!);
    const t = sum + term;
    comp += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
  }
  return (sum + comp) / (2 * roc.nPositive * roc.nNegative);
}

/**
 * ROC AUC of all signal (label > 0) against background (label 0) — `sklearn.metrics.roc_auc_score`.
 *
 * @throws AppError("validation") as `rocCurve`.
 * @example
 * auc(new Float64Array([0.1, 0.4, 0.35, 0.8]), new Int8Array([0, 0, 1, 1])); // → 0.75
 */
export function auc(scores: Scores, labels: Labels): number {
  return aucFromRoc(rocCurve(scores, labels));
}
