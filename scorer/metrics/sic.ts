import type { Roc } from "./roc";
import type { AtFpr, SicMax } from "./results";
import { FPR_POINTS } from "./types";

/** Max SIC needs at least this many background events passing (SCORING §1): 20. */
export const MIN_BACKGROUND_FOR_SIC = 20;

/**
 * Significance improvement at the working points: SIC(x) = TPR@x / √x; null with the TPR's reason
 * where TPR@x is null. Never throws.
 *
 * @example
 * sicAtFprPoints({ "1e-2": { value: 0.5 }, "1e-3": { value: 0.1 }, "1e-4": { value: null, reason: "r" },
 *   "1e-5": { value: null, reason: "r" } })["1e-2"]; // → { value: 5 }
 */
export function sicAtFprPoints(tprAt: AtFpr): AtFpr {
  const out = {} as AtFpr;
  for (const key of FPR_POINTS) {
    const t = tprAt[key];
    out[key] = t.value === null ? t : { value: t.value / Math.sqrt(Number(key)) };
  }
  return out;
}

/**
 * Max SIC: the largest TPR/√FPR over ROC points where at least `minBackground` (default 20)
 * background events pass, so one lucky event cannot dominate. Also returns where it was reached
 * (first such point on ties). Null with a reason when N_bkg < minBackground. Never throws.
 *
 * @example
 * // 40 background scored 0…39, 2 signal scored 100: best point with ≥ 20 background is FPR 0.5, TPR 1
 * maxSic(rocCurve([...Array(40).keys(), 100, 100], [...Array(40).fill(0), 1, 1]));
 * // → { value: 1.414213562373095, fpr: 0.5, tpr: 1 }
 */
export function maxSic(roc: Roc, minBackground = MIN_BACKGROUND_FOR_SIC): SicMax {
  const { fps, fpr, tpr } = roc;
  let best = -1;
  let at = -1;
  for (let k = 0; k < fps.length; k++) {
    if (fps[k]! < minBackground) continue;
    const sic = tpr[k]! / Math.sqrt(fpr[k]!);
    if (sic > best) {
      best = sic;
      at = k;
    }
  }
  if (at < 0) {
    return {
      value: null,
      reason: `max SIC needs at least ${minBackground} background events passing; there are ${roc.nNegative}`,
    };
  }
  return { value: best, fpr: fpr[at]!, tpr: tpr[at]! };
}
