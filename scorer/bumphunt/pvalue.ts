import gammainc from "@stdlib/math-base-special-gammainc";
import gammaln from "@stdlib/math-base-special-gammaln";
import quantile from "@stdlib/stats-base-dists-normal-quantile";

export type Mode = "excess" | "deficit";

/**
 * ln p of one BumpHunter window with n observed and beta expected events (pyBumpHunter 0.5
 * `_scan_hist`):
 * - excess:  p = P(n, β) = Pr[Poisson(β) ≥ n], the regularised lower incomplete gamma, when n > β > 0;
 * - deficit: p = Q(n + 1, β) = Pr[Poisson(β) ≤ n], when n < β (pyBumpHunter writes 1 − P(n + 1, β);
 *   the upper function is the same number without the cancellation);
 * - otherwise p = 1 (ln p = 0).
 *
 * Computed in log space throughout, so t = −ln p stays finite far below 1e-308: ln P by the series
 * DLMF 8.7.1, ln Q by Legendre's continued fraction DLMF 8.9.2 (modified Lentz, Numerical Recipes
 * `gcf`) or 1 − P near the centre, both with the prefactor x^a e^−x / Γ(a+1) in Loader's
 * saddle-point form (C. Loader, "Fast and accurate computation of binomial probabilities", 2000).
 *
 * Not `@stdlib/math-base-special-gammainc`: its 0.3.1 release sends x > 1000 with a ≈ x to an
 * asymptotic series outside its range (P(1283, 1233.066) = 0.0388 instead of 0.0803, scipy/mpmath).
 *
 * @example windowLogP(10, 3, "excess") // ≈ −6.8103 (p = 0.0011024881301154797)
 */
export function windowLogP(n: number, beta: number, mode: Mode): number {
  if (mode === "excess") return n > beta && beta > 0 ? logLowerGamma(n, beta) : 0;
  return n < beta ? logUpperGamma(n + 1, beta) : 0;
}

/** ln P(a, x) for a > 0, 0 < x < a + 1: ln[x^a e^−x / Γ(a+1)] + ln Σ_k x^k / ((a+1)…(a+k))  (DLMF 8.7.1). */
export function logLowerGamma(a: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 10_000_000; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return logPrefix(a, x) + Math.log(sum);
}

/** ln Q(a, x) for a > 0, x > a − 1: 1 − P near the centre, else the continued fraction (DLMF 8.9.2). */
export function logUpperGamma(a: number, x: number): number {
  if (x < a + 1) return Math.log1p(-Math.exp(logLowerGamma(a, x)));
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  // x^a e^−x / Γ(a) = a · x^a e^−x / Γ(a+1)
  return logPrefix(a, x) + Math.log(a) + Math.log(h);
}

/** ln[x^a e^−x / Γ(a+1)] = −bd0(a, x) − stirlerr(a) − ½ ln(2πa), without the cancellation of a ln x − x. */
function logPrefix(a: number, x: number): number {
  return -bd0(a, x) - stirlerr(a) - 0.5 * Math.log(2 * Math.PI * a);
}

/** stirlerr(a) = ln Γ(a+1) − (a + ½) ln a + a − ½ ln 2π (Loader 2000); Stirling series for a ≥ 15. */
function stirlerr(a: number): number {
  if (a < 15) return gammaln(a + 1) - (a + 0.5) * Math.log(a) + a - 0.5 * Math.log(2 * Math.PI);
  const r = 1 / (a * a);
  return (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r / 1188)))) / a;
}

/**
 * bd0(a, x) = a ln(a/x) + x − a ≥ 0, by Loader's series in v = (a − x)/(a + x) for |v| < ½ (about
 * 25 terms at most): its terms add without cancellation, while a ln(a/x) + x − a loses the rounding
 * of a/x times a (1e-12 in ln p for a ≈ 2·10⁴, x/a ≈ 0.8; Loader's own cut is |v| < 0.1).
 */
function bd0(a: number, x: number): number {
  if (Math.abs(a - x) >= 0.5 * (a + x)) return a * Math.log(a / x) + x - a;
  const v = (a - x) / (a + x);
  let s = (a - x) * v;
  let ej = 2 * a * v;
  const v2 = v * v;
  for (let j = 1; j < 1000; j++) {
    ej *= v2;
    const s1 = s + ej / (2 * j + 1);
    if (s1 === s) break;
    s = s1;
  }
  return s;
}

/**
 * ln Φc(z) = ln Pr[N(0,1) > z] for z ≥ 0: ½ erfc(z/√2) = ½ Q(½, z²/2) while that is a normal double,
 * then the asymptotic series φ(z)/z · (1 − 1/z² + 3/z⁴ − …) (DLMF 7.12.1; truncation error < 2e-14 at z ≥ 30).
 */
export function logNormalSurvival(z: number): number {
  if (z < 30) return Math.log(0.5 * gammainc((z * z) / 2, 0.5, true, true));
  const r = 1 / (z * z);
  const series = 1 + r * (-1 + r * (3 + r * (-15 + r * (105 + r * -945))));
  return (-z * z) / 2 - Math.log(z * Math.sqrt(2 * Math.PI)) + Math.log(series);
}

/**
 * Z = Φ⁻¹(1 − p) = −Φ⁻¹(p) from ln p, as an inverse survival function so that tiny p (even p far
 * below the smallest double) give a finite Z. For p ≥ 1e-3 this is stdlib's normal quantile; below,
 * Newton's method on ln Φc(z) = ln p (quadratic convergence; d ln Φc / dz = −φ(z)/Φc(z)).
 * p = 1 gives −Infinity, as Φ⁻¹(0) does.
 *
 * @example significanceFromLogP(Math.log(1.0894729967288737e-24)) // ≈ 10.190830559429
 */
export function significanceFromLogP(logP: number): number {
  if (!(logP <= 0)) throw new RangeError(`ln p must be ≤ 0, got ${logP}`);
  if (logP >= Math.log(1e-3)) return -quantile(Math.exp(logP), 0, 1);
  // Start from the leading asymptotic term: z² ≈ 2t − ln(2π · 2t).
  const t = -logP;
  let z = Math.sqrt(Math.max(2 * t - Math.log(4 * Math.PI * t), 1));
  for (let i = 0; i < 100; i++) {
    const lnQ = logNormalSurvival(z);
    const lnPhi = (-z * z) / 2 - 0.5 * Math.log(2 * Math.PI);
    const step = (lnQ - logP) / Math.exp(lnPhi - lnQ);
    z += step;
    if (Math.abs(step) < 1e-15 * z) break;
  }
  return z;
}
