import type { RocCurvePoints, SicCurvePoints } from "./results";
import type { Roc } from "./roc";

/**
 * ROC and SIC curves for plots, down-sampled to at most `maxPoints` (default 500) points log-spaced in
 * FPR: for each of `maxPoints` FPR values g_j = (1/N_bkg)^(1 − j/(maxPoints−1)), the ROC point with the
 * largest TPR among those with FPR ≤ g_j (the TPR@FPR rule), duplicates dropped. Every returned point
 * is a real ROC point; points with FPR = 0 are left out (no place on a log axis); the last point is
 * always (1, 1). SIC = TPR/√FPR at the same points. When the ROC has ≤ maxPoints such points, all are kept.
 * Never throws; `maxPoints` is not checked (1 gives just (1, 1), ≤ 0 empty curves when down-sampling).
 *
 * @example
 * downsampleCurves(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).roc; // → { fpr: [0.5, 0.5, 1], tpr: [0.5, 1, 1] }
 */
export function downsampleCurves(roc: Roc, maxPoints = 500): { roc: RocCurvePoints; sic: SicCurvePoints } {
  const { fpr, tpr } = roc;
  const n = fpr.length;
  let first = 0;
  while (first < n && fpr[first] === 0) first++;
  const picked: number[] = [];
  if (n - first <= maxPoints) {
    for (let k = first; k < n; k++) picked.push(k);
  } else {
    const lnMin = Math.log(1 / roc.nNegative);
    let k = first;
    for (let j = 0; j < maxPoints; j++) {
      const g = j === maxPoints - 1 ? 1 : Math.exp(lnMin * (1 - j / (maxPoints - 1)));
      while (k + 1 < n && fpr[k + 1]! <= g) k++;
      if (fpr[k]! <= g && picked[picked.length - 1] !== k) picked.push(k);
    }
  }
  const out = {
    roc: { fpr: [] as number[], tpr: [] as number[] },
    sic: { fpr: [] as number[], sic: [] as number[] },
  };
  for (const k of picked) {
    out.roc.fpr.push(fpr[k]!);
    out.roc.tpr.push(tpr[k]!);
    out.sic.fpr.push(fpr[k]!);
    out.sic.sic.push(tpr[k]! / Math.sqrt(fpr[k]!));
  }
  return out;
}
