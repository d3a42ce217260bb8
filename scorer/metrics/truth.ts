import { aucFromRoc } from "./auc";
import { downsampleCurves } from "./curves";
import { groupScores } from "./group";
import { type Roc, rocFromSorted } from "./roc";
import type { BinaryMetrics, ComponentMetrics, TruthMetrics } from "./results";
import { maxSic, sicAtFprPoints } from "./sic";
import { tprAtFprPoints } from "./thresholds";
import type { Labels, Scores } from "./types";
import { validateScoresLabels } from "./validate";

/**
 * AUC, TPR and SIC at the working points, and Max SIC of one ROC (SCORING §1): `aucFromRoc`,
 * `tprAtFprPoints`, `sicAtFprPoints`, `maxSic`. Never throws.
 *
 * @example
 * binaryMetrics(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).auc; // → 0.75
 */
export function binaryMetrics(roc: Roc): BinaryMetrics {
  const tprAtFpr = tprAtFprPoints(roc);
  return { auc: aucFromRoc(roc), tprAtFpr, sicAtFpr: sicAtFprPoints(tprAtFpr), sicMax: maxSic(roc) };
}

/**
 * All truth metrics of SCORING §1 for per-event scores: overall (every signal component against
 * background) and per component k (label k against background only, other components left out).
 * Each `tprAtFpr`/`sicAtFpr` entry is `{ value: number }` or `{ value: null, reason }` (x·N_bkg < 1);
 * `sicMax` likewise, with the FPR and TPR where it is reached.
 * References: `sklearn.metrics.roc_auc_score`, `roc_curve(drop_intermediate=False)`.
 * Scores are copied before sorting; O(N log N).
 *
 * @throws AppError("validation") for length mismatch, N < 2, one class only, a non-finite score or a
 * bad label (naming the row).
 * @example
 * const m = truthMetrics(new Float32Array([0.1, 0.4, 0.35, 0.8]), new Int8Array([0, 0, 1, 2]));
 * [m.auc, m.nSignal, m.components.map((c) => c.auc)]; // → [0.75, 2, [0.5, 1]]
 */
export function truthMetrics(scores: Scores, labels: Labels): TruthMetrics {
  const { nSignal, nBackground } = validateScoresLabels(scores, labels);
  const g = groupScores(scores, labels);
  const roc = rocFromSorted(g.signal, g.background);
  const components: ComponentMetrics[] = [];
  for (const [component, sorted] of g.components) {
    const m = binaryMetrics(rocFromSorted(sorted, g.background));
    components.push({ component, nSignal: sorted.length, ...m });
  }
  return { ...binaryMetrics(roc), nSignal, nBackground, components, curves: downsampleCurves(roc) };
}
