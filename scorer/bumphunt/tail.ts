/**
 * Global p-values beyond the pseudo-experiments (SCORING §2, "Beyond the toys").
 *
 * BumpHunter's t = −ln(min window p) is the largest of many nearly exponential variables (−ln of a
 * uniform p is Exp(1)), so its upper tail is exponential: the Gumbel domain of extreme-value theory,
 * whose peaks over a high threshold u follow a generalised Pareto law of shape 0,
 *   Pr[T ≥ t] = Pr[T ≥ u] · exp(−λ (t − u)),  t ≥ u.
 * The threshold is the toys' (1 − q) quantile and λ its maximum-likelihood estimate from the toys
 * above it, λ̂ = k / Σ (t_i − u). (Vaslin et al., arXiv:2211.07446, fit the whole t distribution
 * with a form whose tail is the same exponential; this keeps only the tail.) Validated against
 * brute-force toys in tail.test.ts.
 */
export interface TailFit {
  /** Threshold u and the fraction of toys at or above it. */
  threshold: number;
  fraction: number;
  /** Fitted exponential rate λ of the excesses over u. */
  rate: number;
  /** Toys used for the fit. */
  k: number;
}

/** Toys in the tail fit: 5 % of them, at least 20 and at most 500. */
export function tailSize(npe: number): number {
  return Math.max(20, Math.min(500, Math.round(0.05 * npe)));
}

/**
 * Fits the exponential tail of finite toy statistics. Returns null when there are too few distinct
 * values above the threshold to fit (then no extrapolation is possible).
 */
export function fitTail(values: ArrayLike<number>): TailFit | null {
  const finite = Float64Array.from(values).filter(Number.isFinite).sort();
  const npe = values.length;
  const k = tailSize(npe);
  if (finite.length <= k) return null;
  const u = finite[finite.length - k - 1]!;
  let sum = 0;
  for (let i = finite.length - k; i < finite.length; i++) sum += finite[i]! - u;
  if (!(sum > 0)) return null;
  // Toys that failed (t = +∞) are above any threshold: they count in the tail's weight.
  const above = k + (npe - finite.length);
  return { threshold: u, fraction: above / npe, rate: k / sum, k };
}

/** ln Pr[T ≥ t] from a tail fit (t above the threshold). */
export function tailLogP(fit: TailFit, t: number): number {
  return Math.log(fit.fraction) - fit.rate * Math.max(0, t - fit.threshold);
}
