import type { Roc } from "./roc";
import type { AtFpr, MaybeNumber } from "./results";
import { FPR_POINTS } from "./types";

/**
 * TPR at FPR = x (SCORING §1): the largest TPR among ROC points with FPR ≤ x, no interpolation.
 * Undefined (null with a reason) when x·N_bkg < 1: no background event can pass at that rate, so the
 * number would only say how the top-scored events happen to fall.
 *
 * @throws Error when x is not in (0, 1].
 * @example
 * tprAtFpr(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.5); // → { value: 1 }
 * tprAtFpr(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.1).reason;
 * // → "FPR = 0.1 needs at least 10 background events (x·N_bkg ≥ 1); there are 2"
 */
export function tprAtFpr(roc: Roc, x: number): MaybeNumber {
  if (!(x > 0 && x <= 1)) throw new Error(`FPR working point must be in (0, 1], got ${x}`);
  if (x * roc.nNegative < 1) {
    const need = Math.ceil(1 / x);
    return {
      value: null,
      reason: `FPR = ${x} needs at least ${need} background events (x·N_bkg ≥ 1); there are ${roc.nNegative}`,
    };
  }
  // fpr is non-decreasing and tpr too, so the answer is the tpr of the last point with fpr ≤ x.
  const { fpr, tpr } = roc;
  let lo = 0;
  let hi = fpr.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fpr[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return { value: tpr[lo]! };
}

/**
 * `tprAtFpr` at the four SCORING working points, keyed "1e-2" … "1e-5".
 *
 * @example
 * tprAtFprPoints(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]))["1e-2"].value; // → null
 */
export function tprAtFprPoints(roc: Roc): AtFpr {
  const out = {} as AtFpr;
  for (const key of FPR_POINTS) out[key] = tprAtFpr(roc, Number(key));
  return out;
}
