import { significanceFromLogP } from "./pvalue";

export interface GlobalResult {
  npe: number;
  /** #{t_j ≥ t_obs}. */
  nGe: number;
  /** nGe / npe. */
  pvalue: number;
  /** Binomial standard error √(p(1 − p)/npe); 1/npe when p = 0 (as the reference cases report it). */
  pvalueError: number;
  /** Z = Φ⁻¹(1 − p); when p = 0, the lower limit Φ⁻¹(1 − 1/npe). −Infinity when p = 1. */
  significance: number;
  isLowerLimit: boolean;
}

/**
 * Global p-value of an observed t against pseudo-experiment t values (SCORING.md §2 step 4,
 * pyBumpHunter 0.5 `global_Pval`/`significance`).
 *
 * @example globalPvalue(3, Float64Array.of(1, 2, 3, 4)) // { nGe: 2, pvalue: 0.5, significance: 0, … }
 */
export function globalPvalue(tObs: number, tToys: ArrayLike<number>): GlobalResult {
  const npe = tToys.length;
  if (npe === 0) throw new RangeError("no pseudo-experiments");
  let nGe = 0;
  for (let j = 0; j < npe; j++) if (tToys[j]! >= tObs) nGe++;
  const pvalue = nGe / npe;
  const isLowerLimit = nGe === 0;
  return {
    npe,
    nGe,
    pvalue,
    pvalueError: isLowerLimit ? 1 / npe : Math.sqrt((pvalue * (1 - pvalue)) / npe),
    significance: significanceFromLogP(Math.log(isLowerLimit ? 1 / npe : pvalue)),
    isLowerLimit,
  };
}

export interface TDistribution {
  mean: number;
  std: number;
  min: number;
  max: number;
  nZero: number;
  /** Linearly interpolated quantiles (numpy's default method), keyed by probability. */
  quantiles: Record<string, number>;
}

export const T_QUANTILE_PROBS = [0.001, 0.01, 0.05, 0.1, 0.16, 0.25, 0.5, 0.75, 0.84, 0.9, 0.95, 0.99, 0.999];

/** Summary of the pseudo-experiment t values, in the shape of the reference cases' `t_distribution`. */
export function tDistribution(tToys: ArrayLike<number>, probs = T_QUANTILE_PROBS): TDistribution {
  const sorted = Float64Array.from(tToys).sort();
  const n = sorted.length;
  if (n === 0) throw new RangeError("no pseudo-experiments");
  let mean = 0;
  for (let i = 0; i < n; i++) mean += (sorted[i]! - mean) / (i + 1);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  let nZero = 0;
  while (nZero < n && sorted[nZero] === 0) nZero++;
  const quantiles: Record<string, number> = {};
  for (const q of probs) {
    const h = (n - 1) * q;
    const i = Math.floor(h);
    const a = sorted[i]!;
    const b = sorted[Math.min(i + 1, n - 1)]!;
    quantiles[String(q)] = a + (h - i) * (b - a);
  }
  return { mean, std: Math.sqrt(ss / n), min: sorted[0]!, max: sorted[n - 1]!, nZero, quantiles };
}
