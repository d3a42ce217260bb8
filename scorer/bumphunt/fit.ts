import gammaln from "@stdlib/math-base-special-gammaln";
import {
  type BinQuadrature,
  binQuadrature,
  DEFAULT_SQRT_S,
  type DijetParams,
  logBinIntegrals,
  logDijetAt,
} from "./dijet";
import { CompensatedSum, choleskyInverse, choleskyScaled, choleskySolve } from "./linalg";

const NPAR = 4;
const MAX_NOISE_FLOOR = 1e-3;

export type DijetFitFailureReason =
  | "empty-histogram"
  | "too-few-bins"
  | "invalid-start"
  | "non-finite"
  | "singular-hessian"
  | "no-progress"
  | "max-iterations";

export interface DijetFitOptions {
  /** Centre-of-mass energy in GeV (default 13000). */
  readonly sqrtS?: number;
  /** Bin indices left out of the likelihood (the BumpHunter window of the refit). */
  readonly exclude?: ArrayLike<number>;
  /** Start values; default: a weighted least-squares fit of ln(n_i / Δm_i) at the bin centres. */
  readonly start?: DijetParams;
  /** Newton/Levenberg–Marquardt iterations before giving up (default 100). */
  readonly maxIterations?: number;
  /**
   * Converged when the estimated distance to the minimum ½ gᵀH⁻¹g (MINUIT's EDM) is below this
   * (default 1e-8, i.e. parameters within ~1e-4 σ of the minimum) or below the rounding noise of −ln L.
   */
  readonly tolerance?: number;
}

export interface DijetFitConverged {
  readonly status: "converged";
  readonly params: DijetParams;
  /** √diag of the covariance. */
  readonly errors: DijetParams;
  /** Inverse observed Hessian of −ln L in (p0, p1, p2, p3), 4 × 4 row-major. */
  readonly covariance: Float64Array;
  /** −ln L = Σ (μ_i − n_i ln μ_i + ln n_i!) over the fitted bins, at the minimum. */
  readonly nll: number;
  /** Pearson χ² = Σ (n_i − μ_i)² / μ_i over the fitted bins. */
  readonly chi2: number;
  /** Poisson deviance 2 Σ (μ_i − n_i + n_i ln(n_i/μ_i)) over the fitted bins (Baker–Cousins χ²). */
  readonly deviance: number;
  /** Fitted bins − 4. */
  readonly ndf: number;
  readonly chi2PerNdf: number;
  readonly iterations: number;
  readonly fittedBins: number;
  /** μ_i for every bin, excluded ones included. */
  readonly expected: Float64Array;
}

export interface DijetFitFailed {
  readonly status: "failed";
  readonly reason: DijetFitFailureReason;
  readonly message: string;
  readonly iterations: number;
}

export type DijetFitResult = DijetFitConverged | DijetFitFailed;

interface Problem {
  readonly quad: BinQuadrature;
  readonly counts: Float64Array;
  readonly fitted: Uint8Array;
  readonly total: number;
}

interface Point {
  readonly theta: Float64Array;
  readonly logMu: Float64Array;
  readonly nll: number;
  /** Rounding-noise floor of nll: ~10 ulps of Σ (μ_i + n_i)(1 + |ln μ_i|). */
  readonly noise: number;
}

/**
 * Sets ln p0 to its conditional maximum-likelihood value (Σ μ = Σ n over the fitted bins, exact for
 * any shape) and evaluates −ln L without the ln n! constant. Profiling can only lower −ln L, so every
 * Newton step is followed by it.
 */
function profiledPoint(problem: Problem, thetaIn: ArrayLike<number>): Point {
  const theta = Float64Array.from(thetaIn);
  const logMu = logBinIntegrals(problem.quad, theta);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logMu.length; i++) if (problem.fitted[i] && logMu[i]! > max) max = logMu[i]!;
  let sum = 0;
  for (let i = 0; i < logMu.length; i++) if (problem.fitted[i]) sum += Math.exp(logMu[i]! - max);
  const shift = Math.log(problem.total) - (max + Math.log(sum));
  theta[0] = theta[0]! + shift;
  const nll = new CompensatedSum();
  let scale = 0;
  for (let i = 0; i < logMu.length; i++) {
    logMu[i] = logMu[i]! + shift;
    if (!problem.fitted[i]) continue;
    const n = problem.counts[i]!;
    const mu = Math.exp(logMu[i]!);
    nll.add(mu);
    if (n > 0) nll.add(-n * logMu[i]!);
    scale += (mu + n) * (1 + Math.abs(logMu[i]!));
  }
  return { theta, logMu, nll: nll.value, noise: 10 * Number.EPSILON * scale };
}

/**
 * Gradient and Hessians of −ln L in θ = (ln p0, p1, p2, p3). With ln f = θ·g, g = (1, ln(1−x), −ln x,
 * −ln²x), μ_i = ∫ e^{θ·g} dm gives ∂μ_i = μ_i ḡ_i and ∂²μ_i = μ_i E_i[g gᵀ] (averages over the bin
 * weighted by f), hence
 *   ∇ = Σ (μ_i − n_i) ḡ_i,   H = Σ μ_i ḡ_i ḡ_iᵀ + Σ (μ_i − n_i) Cov_i(g)   (observed),
 * and the Fisher information is the first term alone (always positive semi-definite).
 */
function derivatives(problem: Problem, point: Point) {
  const { quad, counts, fitted } = problem;
  const grad = new Float64Array(NPAR);
  const hessian = new Float64Array(NPAR * NPAR);
  const fisher = new Float64Array(NPAR * NPAR);
  const g = new Float64Array(NPAR);
  const mean = new Float64Array(NPAR);
  const cov = new Float64Array(NPAR * NPAR);
  for (let i = 0; i < quad.nBins; i++) {
    if (!fitted[i]) continue;
    const a = quad.binStart[i]!;
    const b = quad.binStart[i + 1]!;
    const logMu = point.logMu[i]!;
    const mu = Math.exp(logMu);
    const r = mu - counts[i]!;
    mean.fill(0);
    cov.fill(0);
    for (let pass = 0; pass < 2; pass++) {
      for (let j = a; j < b; j++) {
        const lx = quad.logX[j]!;
        g[0] = 1;
        g[1] = quad.log1mX[j]!;
        g[2] = -lx;
        g[3] = -lx * lx;
        const w = Math.exp(quad.logWeight[j]! + logDijetAt(lx, g[1], point.theta) - logMu);
        for (let k = 1; k < NPAR; k++) {
          if (pass === 0) mean[k] = mean[k]! + w * g[k]!;
          else
            for (let l = 1; l <= k; l++)
              cov[k * NPAR + l] = cov[k * NPAR + l]! + w * (g[k]! - mean[k]!) * (g[l]! - mean[l]!);
        }
      }
    }
    mean[0] = 1;
    for (let k = 0; k < NPAR; k++) {
      grad[k] = grad[k]! + r * mean[k]!;
      for (let l = 0; l <= k; l++) {
        const f = mu * mean[k]! * mean[l]!;
        fisher[k * NPAR + l] = fisher[k * NPAR + l]! + f;
        hessian[k * NPAR + l] = hessian[k * NPAR + l]! + f + r * cov[k * NPAR + l]!;
      }
    }
  }
  for (let k = 0; k < NPAR; k++) {
    for (let l = 0; l < k; l++) {
      fisher[l * NPAR + k] = fisher[k * NPAR + l]!;
      hessian[l * NPAR + k] = hessian[k * NPAR + l]!;
    }
  }
  return { grad, hessian, fisher };
}

/** Start values: weighted least squares of ln(n_i/Δm_i) on g at the bin centres, weights n_i. */
function leastSquaresStart(problem: Problem, edges: ArrayLike<number>): Float64Array | null {
  const a = new Float64Array(NPAR * NPAR);
  const rhs = new Float64Array(NPAR);
  for (let i = 0; i < problem.quad.nBins; i++) {
    const n = problem.counts[i]!;
    if (!problem.fitted[i] || n <= 0) continue;
    const lo = edges[i]!;
    const hi = edges[i + 1]!;
    const x = (lo + hi) / 2 / problem.quad.sqrtS;
    const lx = Math.log(x);
    const g = [1, Math.log1p(-x), -lx, -lx * lx];
    const y = Math.log(n / (hi - lo));
    for (let k = 0; k < NPAR; k++) {
      rhs[k] = rhs[k]! + n * g[k]! * y;
      for (let l = 0; l < NPAR; l++) a[k * NPAR + l] = a[k * NPAR + l]! + n * g[k]! * g[l]!;
    }
  }
  const f = choleskyScaled(a, NPAR);
  return f ? choleskySolve(f, rhs) : null;
}

function failed(reason: DijetFitFailureReason, message: string, iterations = 0): DijetFitFailed {
  return { status: "failed", reason, message, iterations };
}

function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) return false;
  return true;
}

function validCounts(counts: ArrayLike<number>, nBins: number): Float64Array {
  if (counts.length !== nBins) throw new RangeError(`counts has ${counts.length} bins, edges ${nBins}`);
  const out = Float64Array.from(counts);
  for (const n of out)
    if (!(Number.isFinite(n) && n >= 0)) throw new RangeError(`counts must be ≥ 0, got ${n}`);
  return out;
}

function fittedMask(nBins: number, exclude: ArrayLike<number> | undefined): Uint8Array {
  const fitted = new Uint8Array(nBins).fill(1);
  for (let k = 0; k < (exclude?.length ?? 0); k++) {
    const i = exclude![k]!;
    if (!(Number.isInteger(i) && i >= 0 && i < nBins)) throw new RangeError(`excluded bin ${i} out of range`);
    fitted[i] = 0;
  }
  return fitted;
}

/**
 * Binned Poisson maximum-likelihood fit of the 4-parameter dijet function (see ./dijet.ts)
 * integrated over each bin: minimises −ln L = Σ_i (μ_i − n_i ln μ_i + ln n_i!) over the fitted bins,
 * μ_i = ∫_bin f(m) dm. For the BumpHunter refit, `exclude` lists the bins of the most significant
 * window; they do not enter the likelihood (Choudalakis, arXiv:1101.0390 §2.1.1) but still get μ_i.
 *
 * Method: Newton steps on θ = (ln p0, p1, p2, p3) with the observed Hessian (Fisher information when
 * that is not positive definite), Levenberg–Marquardt damping (H + λ diag H) when a step does not
 * lower −ln L, and ln p0 profiled exactly after every step. ln f is linear in θ, so −ln L is nearly
 * convex and a few iterations suffice from the least-squares start. Converged when the estimated
 * distance to the minimum ½ gᵀH⁻¹g < `tolerance` (or the rounding noise of −ln L); errors and covariance from the inverse observed
 * Hessian (p0's by the delta method, σ(p0) = p0 σ(ln p0)), as MINUIT's HESSE would report them.
 *
 * Failure (status "failed", a reason and a message, never parameters or expected counts):
 * "empty-histogram" (no events in the fitted bins), "too-few-bins" (fewer than 4 non-empty fitted
 * bins, or fewer than 5 fitted bins, so ndf < 1), "invalid-start" (non-finite start or p0 ≤ 0),
 * "non-finite", "singular-hessian", "no-progress" (damping cannot lower −ln L) and "max-iterations".
 *
 * @throws RangeError for malformed input: bad edges (see binQuadrature), counts of the wrong length
 *   or negative/non-finite, excluded indices out of range.
 * @example
 * const edges = Array.from({ length: 61 }, (_, i) => 2000 + (i * 4000) / 60);
 * const truth = { p0: 0.0662, p1: 8.15, p2: 5.23, p3: 0 }; // ≈ 1e5 events
 * const counts = dijetBinIntegrals(edges, truth).map(Math.round);
 * const fit = fitDijet(edges, counts);
 * // fit.status === "converged"; fit.params.p1 ≈ 8.15, fit.params.p2 ≈ 5.23
 * const refit = fitDijet(edges, counts, { exclude: [22, 23, 24], start: fit.params });
 */
export function fitDijet(
  edges: ArrayLike<number>,
  counts: ArrayLike<number>,
  options: DijetFitOptions = {},
): DijetFitResult {
  const quad = binQuadrature(edges, options.sqrtS ?? DEFAULT_SQRT_S);
  const n = validCounts(counts, quad.nBins);
  const fitted = fittedMask(quad.nBins, options.exclude);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-8;

  let total = 0;
  let nonEmpty = 0;
  let nFitted = 0;
  for (let i = 0; i < quad.nBins; i++) {
    if (!fitted[i]) continue;
    nFitted++;
    total += n[i]!;
    if (n[i]! > 0) nonEmpty++;
  }
  if (total === 0) return failed("empty-histogram", "no events in the fitted bins");
  if (nonEmpty < NPAR || nFitted <= NPAR) {
    return failed("too-few-bins", `${nonEmpty} non-empty of ${nFitted} fitted bins for ${NPAR} parameters`);
  }
  const problem: Problem = { quad, counts: n, fitted, total };

  let theta: Float64Array;
  if (options.start) {
    const { p0, p1, p2, p3 } = options.start;
    if (!(allFinite([p0, p1, p2, p3]) && p0 > 0))
      return failed("invalid-start", "start values must be finite, p0 > 0");
    theta = Float64Array.of(Math.log(p0), p1, p2, p3);
  } else {
    theta = leastSquaresStart(problem, edges) ?? Float64Array.of(0, 8, 5, 0);
  }

  let point = profiledPoint(problem, theta);
  if (!Number.isFinite(point.nll)) return failed("non-finite", "−ln L is not finite at the start values");
  let lambda = 0;
  for (let iterations = 0; ; iterations++) {
    const d = derivatives(problem, point);
    if (!(allFinite(d.grad) && allFinite(d.hessian))) {
      return failed("non-finite", "gradient or Hessian not finite", iterations);
    }
    const observed = choleskyScaled(d.hessian, NPAR);
    const factor = observed ?? choleskyScaled(d.fisher, NPAR);
    if (!factor) return failed("singular-hessian", "Hessian and Fisher information are singular", iterations);
    const minusGrad = d.grad.map((v) => -v);
    const newton = choleskySolve(factor, minusGrad);
    let edm = 0;
    for (let k = 0; k < NPAR; k++) edm += 0.5 * minusGrad[k]! * newton[k]!;
    // Below the rounding noise of −ln L no step can be verified, so that is the floor (it matters
    // only beyond ~1e7 events; at 1e5 the noise is ~1e-9), capped at 1e-3 (≈ 0.05σ from the minimum).
    const floor = Math.min(MAX_NOISE_FLOOR, Number.isFinite(point.noise) ? point.noise : MAX_NOISE_FLOOR);
    if (observed && edm < Math.max(tolerance, floor)) return converged(problem, point, observed, iterations);
    if (iterations >= maxIterations) {
      return failed(
        "max-iterations",
        `no convergence in ${maxIterations} iterations (edm ${edm})`,
        iterations,
      );
    }
    const matrix = observed ? d.hessian : d.fisher;
    let next: Point | null = null;
    for (let tries = 0; tries < 40 && !next; tries++) {
      let step = newton;
      if (lambda > 0) {
        const damped = Float64Array.from(matrix);
        for (let k = 0; k < NPAR; k++) damped[k * NPAR + k] = damped[k * NPAR + k]! * (1 + lambda);
        const f = choleskyScaled(damped, NPAR);
        if (!f) return failed("singular-hessian", "damped Hessian is singular", iterations);
        step = choleskySolve(f, minusGrad);
      }
      const trial = profiledPoint(
        problem,
        point.theta.map((t, k) => t + step[k]!),
      );
      if (Number.isFinite(trial.nll) && trial.nll < point.nll) {
        next = trial;
        lambda = lambda > 1e-6 ? lambda / 10 : 0;
      } else {
        lambda = lambda > 0 ? lambda * 10 : 1e-3;
      }
    }
    if (!next) return failed("no-progress", `−ln L cannot be lowered (edm ${edm})`, iterations);
    point = next;
  }
}

function converged(
  problem: Problem,
  point: Point,
  hessianFactor: NonNullable<ReturnType<typeof choleskyScaled>>,
  iterations: number,
): DijetFitResult {
  const { counts, fitted } = problem;
  const p0 = Math.exp(point.theta[0]!);
  const covariance = choleskyInverse(hessianFactor);
  // Delta method for p0 = e^θ0: scale row and column 0 by p0.
  for (let k = 0; k < NPAR; k++) {
    covariance[k] = covariance[k]! * p0;
    covariance[k * NPAR] = covariance[k * NPAR]! * p0;
  }
  const expected = point.logMu.map(Math.exp);
  const nll = new CompensatedSum();
  const chi2 = new CompensatedSum();
  const deviance = new CompensatedSum();
  let nFitted = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!fitted[i]) continue;
    nFitted++;
    const n = counts[i]!;
    const mu = expected[i]!;
    nll.add(mu + gammaln(n + 1));
    if (n > 0) nll.add(-n * point.logMu[i]!);
    chi2.add(((n - mu) * (n - mu)) / mu);
    deviance.add(2 * (mu - n + (n > 0 ? n * (Math.log(n) - point.logMu[i]!) : 0)));
  }
  const params = { p0, p1: point.theta[1]!, p2: point.theta[2]!, p3: point.theta[3]! };
  const errors = {
    p0: Math.sqrt(covariance[0]!),
    p1: Math.sqrt(covariance[5]!),
    p2: Math.sqrt(covariance[10]!),
    p3: Math.sqrt(covariance[15]!),
  };
  const ndf = nFitted - NPAR;
  const result = {
    status: "converged" as const,
    params,
    errors,
    covariance,
    nll: nll.value,
    chi2: chi2.value,
    deviance: deviance.value,
    ndf,
    chi2PerNdf: chi2.value / ndf,
    iterations,
    fittedBins: nFitted,
    expected,
  };
  const numbers = [
    ...Object.values(params),
    ...Object.values(errors),
    result.nll,
    result.chi2,
    result.deviance,
  ];
  if (!(allFinite(numbers) && allFinite(expected))) {
    return failed("non-finite", "the minimum has non-finite parameters, errors or expectations", iterations);
  }
  return result;
}
