import gammaln from "@stdlib/math-base-special-gammaln";

/**
 * Kolmogorov–Smirnov test of a sample against U(0, 1): the statistic D and its asymptotic p-value
 * with Stephens' small-sample correction, λ = (√n + 0.12 + 0.11/√n) D, p = 2 Σ (−1)^{k−1} e^{−2k²λ²}
 * (Numerical Recipes §14.3; scipy.stats.kstest's "asymp" mode without the correction).
 * @example ksUniform([0.1, 0.4, 0.7]).d // 0.3 (scipy.stats.kstest gives the same D)
 */
export function ksUniform(values: ArrayLike<number>): { d: number; p: number } {
  const x = Float64Array.from(values).sort();
  const n = x.length;
  if (n === 0) return { d: 0, p: 1 };
  let d = 0;
  for (let i = 0; i < n; i++) d = Math.max(d, (i + 1) / n - x[i]!, x[i]! - i / n);
  const lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    p += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return { d, p: Math.min(1, Math.max(0, lambda < 0.2 ? 1 : p)) };
}

/**
 * The central 95 % interval of a Binomial(n, q) count: the smallest lo with Pr[X < lo] ≤ 2.5 % … the
 * largest hi with Pr[X > hi] ≤ 2.5 % (exact sums of the pmf).
 * @example binomialInterval(200, 0.05) // { lo: 4, hi: 16 } (scipy binom.ppf(0.025), binom.isf(0.025))
 */
export function binomialInterval(n: number, q: number): { lo: number; hi: number } {
  const pmf = (k: number) =>
    Math.exp(
      gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1) + k * Math.log(q) + (n - k) * Math.log1p(-q),
    );
  let lo = 0;
  let below = 0;
  while (lo < n && below + pmf(lo) <= 0.025) below += pmf(lo++);
  let hi = n;
  let above = 0;
  while (hi > 0 && above + pmf(hi) <= 0.025) above += pmf(hi--);
  return { lo, hi };
}
