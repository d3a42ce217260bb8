import gammaln from "@stdlib/math-base-special-gammaln";
import {
  type BinQuadrature,
  binQuadrature,
  DEFAULT_SQRT_S,
  type DijetParams,
  MAX_PARAMS,
  MIN_PARAMS,
  paramsOf,
  thetaOf,
} from "./dijet";
import { CompensatedSum, choleskyInverse, choleskyScaled, choleskySolve } from "./linalg";
import { FitKernel, type KernelPoint, TABLE_WIDTH } from "./fit-kernel";

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
  /** Parameters of the dijet family, 3–6 (default 4): p0 (1 − x)^p1 x^−(p2 + p3 ln x + p4 ln²x + p5 ln³x). */
  readonly nParams?: number;
  /** Bins already laid out for these edges and √s (binQuadrature): saves the layout in repeated fits. */
  readonly quad?: BinQuadrature;
  /** Centre-of-mass energy in GeV (default 13000). */
  readonly sqrtS?: number;
  /** Bin indices left out of the likelihood (the BumpHunter window of the refit). */
  readonly exclude?: ArrayLike<number>;
  /** Start values; default: a weighted least-squares fit of ln(n_i / Δm_i) at the bin centres. */
  readonly start?: DijetParams;
  /** Newton/Levenberg–Marquardt iterations before giving up (default 100). */
  readonly maxIterations?: number;
  /**
   * When a fit from `start` stalls (iteration limit, no progress), try once more from the spectrum's
   * own least-squares start (default true).
   */
  readonly retry?: boolean;
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
  /** Number of parameters fitted (3–6). */
  readonly nParams: number;
  /** Inverse observed Hessian of −ln L in (p0, p1, …), nParams × nParams row-major. */
  readonly covariance: Float64Array;
  /** −ln L = Σ (μ_i − n_i ln μ_i + ln n_i!) over the fitted bins, at the minimum. */
  readonly nll: number;
  /** Pearson χ² = Σ (n_i − μ_i)² / μ_i over the fitted bins. */
  readonly chi2: number;
  /** Poisson deviance 2 Σ (μ_i − n_i + n_i ln(n_i/μ_i)) over the fitted bins (Baker–Cousins χ²). */
  readonly deviance: number;
  /** Fitted bins − nParams. */
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
  readonly npar: number;
  readonly basis: Basis;
  readonly counts: Float64Array;
  readonly fitted: Uint8Array;
  readonly total: number;
}

type Point = KernelPoint;

/**
 * The point at θ (ln p0 then profiled: Σ μ = Σ n over the fitted bins, exact for any shape, and
 * profiling can only lower −ln L, so every Newton step is followed by it), into `out`: every bin's
 * ln μ_i, each node's share of its bin's integral, and −ln L without the ln n! constant. With
 * ln f = θ·g and g fixed per node (Basis.table), a node costs one exponential and npar − 1
 * multiply-adds; the loops run in WebAssembly (fit-kernel.ts, wasm/fit.c).
 */
function evaluate(problem: Problem, thetaIn: ArrayLike<number>, out: Point): Point {
  return problem.basis.kernel.evaluate(thetaIn, out);
}

/**
 * Gradient and Hessians of −ln L in θ = (ln p0, p1, p2, …) at a point (the kernel's grad, hessian and
 * fisher; npar and npar² entries). With ln f = θ·g, μ_i = ∫ e^{θ·g} dm gives ∂μ_i = μ_i ḡ_i and
 * ∂²μ_i = μ_i E_i[g gᵀ] (averages over the bin weighted by f), hence
 *   ∇ = Σ (μ_i − n_i) ḡ_i,   H = Σ μ_i ḡ_i ḡ_iᵀ + Σ (μ_i − n_i) Cov_i(g)   (observed),
 * and the Fisher information is the first term alone (always positive semi-definite).
 */
function derivatives(problem: Problem, point: Point): FitKernel {
  const kernel = problem.basis.kernel;
  kernel.derivatives(point);
  return kernel;
}

/** Makes `problem` the one the kernel evaluates (every entry point calls this before evaluating). */
function loadProblem(problem: Problem): void {
  problem.basis.kernel.load(problem.counts, problem.fitted, problem.npar, problem.total);
}

/** Start values: weighted least squares of ln(n_i/Δm_i) on g at the bin centres, weights n_i. */
function leastSquaresStart(problem: Problem, edges: ArrayLike<number>, basis: Basis): Float64Array | null {
  const NPAR = problem.npar;
  const a = new Float64Array(NPAR * NPAR);
  const rhs = new Float64Array(NPAR);
  const g = new Float64Array(NPAR);
  for (let i = 0; i < problem.basis.quad.nBins; i++) {
    const n = problem.counts[i]!;
    if (!problem.fitted[i] || n <= 0) continue;
    const lo = edges[i]!;
    const hi = edges[i + 1]!;
    const x = (lo + hi) / 2 / problem.basis.quad.sqrtS;
    const lx = (Math.log(x) - basis.c) / basis.s;
    g[0] = 1;
    g[1] = Math.log1p(-x);
    for (let k = 2, pw = -lx; k < NPAR; k++, pw *= lx) g[k] = pw;
    const y = Math.log(n / (hi - lo));
    for (let k = 0; k < NPAR; k++) {
      rhs[k] = rhs[k]! + n * g[k]! * y;
      for (let l = 0; l < NPAR; l++) a[k * NPAR + l] = a[k * NPAR + l]! + n * g[k]! * g[l]!;
    }
  }
  const f = choleskyScaled(a, NPAR);
  return f ? choleskySolve(f, rhs) : null;
}

/**
 * The fit's internal coordinates. The standard parameters multiply powers of ln x, which over a dijet
 * range (ln x ∈ [−1.5, −0.6]) are nearly collinear: 5–6-parameter fits then stall in flat valleys
 * (half of them hit the iteration limit at 2000 events). Inside the fit the powers are of
 * u = (ln x − c)/s, centred and scaled to [−1, 1] over the range — the same family (the span of
 * {1, u, …, u^m} is that of {1, ln x, …, ln^m x}) — and the result is mapped back exactly:
 * θ_std = M θ_int (M from the binomial expansion of (ln x − c)^k / s^k; the constant goes to ln p0).
 */
interface Basis {
  quad: BinQuadrature;
  c: number;
  s: number;
  /**
   * The likelihood passes over this layout (WebAssembly), with their working points. Its table holds
   * g at every node in the internal coordinates, TABLE_WIDTH per node: ln(1 − x), −u, −u², −u³, −u⁴
   * (g_0 = 1 is implicit), so that ln f = θ_0 + Σ θ_k g_k.
   */
  kernel: FitKernel;
  /** That table (TABLE_WIDTH values per node). */
  table: Float64Array;
  /** Working space of the damped steps and of the score tests (one fit at a time per thread). */
  damped: Float64Array;
  factors: [{ scale: Float64Array; l: Float64Array }, { scale: Float64Array; l: Float64Array }];
  /** M of θ_std = M θ_int per number of parameters. */
  toStandard: Map<number, Float64Array>;
}
const bases = new WeakMap<BinQuadrature, Basis>();

function basisOf(quad: BinQuadrature): Basis {
  const cached = bases.get(quad);
  if (cached) return cached;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const l of quad.logX) {
    if (l < lo) lo = l;
    if (l > hi) hi = l;
  }
  const c = (lo + hi) / 2;
  const s = Math.max((hi - lo) / 2, 1e-12);
  const nodes = quad.logX.length;
  const table = new Float64Array(nodes * TABLE_WIDTH);
  for (let j = 0; j < nodes; j++) {
    const u = (quad.logX[j]! - c) / s;
    table[j * TABLE_WIDTH] = quad.log1mX[j]!;
    for (let k = 1, pw = -u; k < TABLE_WIDTH; k++, pw *= u) table[j * TABLE_WIDTH + k] = pw;
  }
  const basis: Basis = {
    quad,
    c,
    s,
    kernel: new FitKernel(quad.nBins, quad.binStart, quad.logWeight, table),
    table,
    damped: new Float64Array(MAX_PARAMS * MAX_PARAMS),
    factors: [0, 1].map(() => ({
      scale: new Float64Array(MAX_PARAMS),
      l: new Float64Array(MAX_PARAMS * MAX_PARAMS),
    })) as Basis["factors"],
    toStandard: new Map(),
  };
  bases.set(quad, basis);
  return basis;
}

/**
 * The fit's internal coordinates over a bin layout, for a fit that runs outside this file (the GPU
 * pseudo-experiments, gpu/nested-gpu.ts): the node table (TABLE_WIDTH values per node, g_1 … g_5;
 * ln f = θ_0 + Σ θ_k g_k) and θ_int of standard parameters over all MAX_PARAMS terms (a function of
 * fewer parameters has zeros beyond its own: M is upper triangular, so the orders nest).
 */
export function internalCoordinates(quad: BinQuadrature): {
  table: Float64Array;
  theta(params: DijetParams): Float64Array;
} {
  const basis = basisOf(quad);
  const m = toStandard(basis, MAX_PARAMS);
  return { table: basis.table, theta: (params) => toInternal(m, thetaOf(params, MAX_PARAMS), MAX_PARAMS) };
}

/** M of θ_std = M θ_int, row-major n × n. */
function toStandard(basis: Basis, n: number): Float64Array {
  const cached = basis.toStandard.get(n);
  if (cached) return cached;
  const a = 1 / basis.s;
  const b = -basis.c / basis.s;
  const m = new Float64Array(n * n);
  m[0] = 1;
  m[n + 1] = 1;
  const binom = (k: number, j: number) => {
    let r = 1;
    for (let i = 1; i <= j; i++) r = (r * (k - j + i)) / i;
    return r;
  };
  for (let k = 1; k <= n - 2; k++) {
    // −q_k u^k = −q_k Σ_j C(k,j) a^j b^(k−j) ln^j x: the j = 0 term shifts ln p0.
    m[2 + k - 1] = -(b ** k);
    for (let j = 1; j <= k; j++) m[(2 + j - 1) * n + (2 + k - 1)] = binom(k, j) * a ** j * b ** (k - j);
  }
  basis.toStandard.set(n, m);
  return m;
}

function apply(m: Float64Array, v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i]! += m[i * n + j]! * v[j]!;
  return out;
}

/** θ_int of a standard θ: M is upper triangular with a unit diagonal in its first two rows. */
function toInternal(m: Float64Array, std: ArrayLike<number>, n: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let r = std[i]!;
    for (let j = i + 1; j < n; j++) r -= m[i * n + j]! * x[j]!;
    x[i] = r / m[i * n + i]!;
  }
  return x;
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
  // Read, never written: a Float64Array is used as it is (a copy costs more than a node pass).
  const out = counts instanceof Float64Array ? counts : Float64Array.from(counts);
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
  const first = fitOnce(edges, counts, options);
  // A start far along a flat valley (5–6 parameters on a sparse spectrum) can stall Newton's steps;
  // the least-squares start of this very spectrum is then tried once before giving up.
  if (
    first.status === "failed" &&
    options.start &&
    options.retry !== false &&
    (first.reason === "max-iterations" || first.reason === "no-progress")
  ) {
    const again = fitOnce(edges, counts, { ...options, start: undefined });
    if (again.status === "converged") return again;
  }
  return first;
}

function fitOnce(
  edges: ArrayLike<number>,
  counts: ArrayLike<number>,
  options: DijetFitOptions,
): DijetFitResult {
  const NPAR = options.nParams ?? 4;
  if (!(Number.isInteger(NPAR) && NPAR >= MIN_PARAMS && NPAR <= MAX_PARAMS))
    throw new RangeError(`nParams must be ${MIN_PARAMS}–${MAX_PARAMS}, got ${NPAR}`);
  const quad = options.quad ?? binQuadrature(edges, options.sqrtS ?? DEFAULT_SQRT_S);
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
  const basis = basisOf(quad);
  const m = toStandard(basis, NPAR);
  const problem: Problem = { npar: NPAR, basis, counts: n, fitted, total };

  let theta: Float64Array;
  if (options.start) {
    const start = options.start;
    if (!(allFinite(thetaOf(start, MAX_PARAMS)) && (start.lnP0 !== undefined || start.p0 > 0)))
      return failed("invalid-start", "start values must be finite, p0 > 0");
    theta = toInternal(m, thetaOf(start, NPAR), NPAR);
  } else {
    theta =
      leastSquaresStart(problem, edges, basis) ?? toInternal(m, [0, 8, 5, 0, 0, 0].slice(0, NPAR), NPAR);
  }

  loadProblem(problem);
  const kernel = basis.kernel;
  let [point, spare] = kernel.points;
  evaluate(problem, theta, point);
  if (!Number.isFinite(point.nll)) return failed("non-finite", "−ln L is not finite at the start values");
  const minusGrad = new Float64Array(NPAR);
  const trialTheta = new Float64Array(NPAR);
  let lambda = 0;
  for (let iterations = 0; ; iterations++) {
    const d = derivatives(problem, point);
    const hessian = d.hessian.subarray(0, NPAR * NPAR);
    const fisher = d.fisher.subarray(0, NPAR * NPAR);
    if (!(allFinite(d.grad.subarray(0, NPAR)) && allFinite(hessian))) {
      return failed("non-finite", "gradient or Hessian not finite", iterations);
    }
    const observed = choleskyScaled(hessian, NPAR, basis.factors[0]);
    const factor = observed ?? choleskyScaled(fisher, NPAR, basis.factors[0]);
    if (!factor) return failed("singular-hessian", "Hessian and Fisher information are singular", iterations);
    for (let k = 0; k < NPAR; k++) minusGrad[k] = -d.grad[k]!;
    const newton = choleskySolve(factor, minusGrad);
    let edm = 0;
    for (let k = 0; k < NPAR; k++) edm += 0.5 * minusGrad[k]! * newton[k]!;
    // Below the rounding noise of −ln L no step can be verified, so that is the floor (it matters
    // only beyond ~1e7 events; at 1e5 the noise is ~1e-9), capped at 1e-3 (≈ 0.05σ from the minimum).
    const floor = Math.min(MAX_NOISE_FLOOR, Number.isFinite(point.noise) ? point.noise : MAX_NOISE_FLOOR);
    if (observed && edm < Math.max(tolerance, floor)) return converged(problem, point, iterations, m);
    if (iterations >= maxIterations) {
      return failed(
        "max-iterations",
        `no convergence in ${maxIterations} iterations (edm ${edm})`,
        iterations,
      );
    }
    const matrix = observed ? hessian : fisher;
    let accepted = false;
    for (let tries = 0; tries < 40 && !accepted; tries++) {
      let step = newton;
      if (lambda > 0) {
        const damped = basis.damped;
        for (let k = 0; k < NPAR * NPAR; k++) damped[k] = matrix[k]!;
        for (let k = 0; k < NPAR; k++) damped[k * NPAR + k] = damped[k * NPAR + k]! * (1 + lambda);
        const f = choleskyScaled(damped, NPAR, basis.factors[1]);
        if (!f) return failed("singular-hessian", "damped Hessian is singular", iterations);
        step = choleskySolve(f, minusGrad);
      }
      for (let k = 0; k < NPAR; k++) trialTheta[k] = point.theta[k]! + step[k]!;
      const trial = evaluate(problem, trialTheta, spare);
      if (Number.isFinite(trial.nll) && trial.nll < point.nll) {
        spare = point;
        point = trial;
        accepted = true;
        lambda = lambda > 1e-6 ? lambda / 10 : 0;
      } else {
        lambda = lambda > 0 ? lambda * 10 : 1e-3;
      }
    }
    if (!accepted) return failed("no-progress", `−ln L cannot be lowered (edm ${edm})`, iterations);
  }
}

function converged(problem: Problem, point: Point, iterations: number, m: Float64Array): DijetFitResult {
  const { counts, fitted, npar: NPAR } = problem;
  const theta = apply(m, point.theta, NPAR);
  const internalTheta = point.theta.slice(0, NPAR);
  const logMu = point.logMu; // working space: read here, never kept
  const expected = logMu.map(Math.exp);
  const chi2 = new CompensatedSum();
  const deviance = new CompensatedSum();
  let nFitted = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!fitted[i]) continue;
    nFitted++;
    const n = counts[i]!;
    const mu = expected[i]!;
    chi2.add(((n - mu) * (n - mu)) / mu);
    deviance.add(2 * (mu - n + (n > 0 ? n * (Math.log(n) - logMu[i]!) : 0)));
  }
  // p0 may overflow with 5–6 parameters (lnP0 keeps the value): θ must be finite.
  const sums = [chi2.value, deviance.value];
  if (!(allFinite(internalTheta) && allFinite(theta) && allFinite(expected) && allFinite(sums))) {
    return failed("non-finite", "the minimum has non-finite parameters, expectations or χ²", iterations);
  }
  // The covariance and −ln L with its ln n! constant are computed when first read: the data's fits
  // report them, the pseudo-experiments' (most fits) never do.
  let uncertainty: { covariance: Float64Array; errors: DijetParams } | null = null;
  const covarianceOf = () => {
    if (uncertainty) return uncertainty;
    // The inverse observed Hessian as HESSE would report it, at the minimum evaluated afresh (the
    // fit's points are working space that later fits reuse): positive definite there, since the fit
    // converged only where it factorised (the Fisher information should rounding say otherwise).
    loadProblem(problem);
    const d = derivatives(problem, evaluate(problem, internalTheta, problem.basis.kernel.points[2]));
    const factor =
      choleskyScaled(d.hessian.subarray(0, NPAR * NPAR), NPAR) ??
      choleskyScaled(d.fisher.subarray(0, NPAR * NPAR), NPAR);
    if (!factor) throw new Error("the Fisher information at a converged fit's minimum is singular");
    const internal = choleskyInverse(factor);
    // Covariance in the standard parameters: M C_int Mᵀ.
    const covariance = new Float64Array(NPAR * NPAR);
    for (let i = 0; i < NPAR; i++)
      for (let j = 0; j < NPAR; j++) {
        let v = 0;
        for (let k = 0; k < NPAR; k++)
          for (let l = 0; l < NPAR; l++) v += m[i * NPAR + k]! * internal[k * NPAR + l]! * m[j * NPAR + l]!;
        covariance[i * NPAR + j] = v;
      }
    // Delta method for p0 = e^θ0: scale row and column 0 by p0.
    const p0 = Math.exp(theta[0]!);
    for (let k = 0; k < NPAR; k++) {
      covariance[k] = covariance[k]! * p0;
      covariance[k * NPAR] = covariance[k * NPAR]! * p0;
    }
    // σ of each parameter; paramsOf exponentiates slot 0, so it gets ln σ(p0).
    const sigmas = Array.from({ length: NPAR }, (_, k) => Math.sqrt(covariance[k * NPAR + k]!));
    uncertainty = { covariance, errors: paramsOf([Math.log(sigmas[0]!), ...sigmas.slice(1)]) };
    return uncertainty;
  };
  let nll: number | null = null;
  const ndf = nFitted - NPAR;
  return {
    status: "converged" as const,
    nParams: NPAR,
    params: paramsOf(theta),
    get errors() {
      return covarianceOf().errors;
    },
    get covariance() {
      return covarianceOf().covariance;
    },
    get nll() {
      if (nll === null) {
        const sum = new CompensatedSum();
        for (let i = 0; i < expected.length; i++) {
          if (!fitted[i]) continue;
          const n = counts[i]!;
          sum.add(expected[i]! + gammaln(n + 1));
          if (n > 0) sum.add(-n * Math.log(expected[i]!));
        }
        nll = sum.value;
      }
      return nll;
    },
    chi2: chi2.value,
    deviance: deviance.value,
    ndf,
    chi2PerNdf: chi2.value / ndf,
    iterations,
    fittedBins: nFitted,
    expected,
  };
}

/**
 * Rao's score test of a converged fit against each larger member of the dijet family (SCORING §2
 * step 2's nested-model test): at the fit's minimum, extended by zeros for the extra terms (the same
 * function), S = gᵀ I⁻¹ g with g the gradient of −ln L and I the Fisher information over the larger
 * model's parameters, which is asymptotically the −2Δln L of fitting the larger model (Rao 1948;
 * Cox & Hinkley §9.3) — without fitting it. This matters because the larger models are nearly
 * degenerate on a short mass range (ln(1 − x) is almost a polynomial in ln x there): their fits
 * crawl along flat valleys, which a score test never enters. Returns S for nParams + 1 … maxParams
 * (the degrees of freedom are the differences in parameters); NaN where I is singular.
 */
export function scoreStatistics(
  fit: DijetFitConverged,
  counts: ArrayLike<number>,
  quad: BinQuadrature,
  exclude: ArrayLike<number> | undefined,
  maxParams: number,
): number[] {
  const from = fit.nParams;
  if (maxParams <= from) return [];
  const basis = basisOf(quad);
  const m = toStandard(basis, maxParams);
  const fitted = fittedMask(quad.nBins, exclude);
  const n = validCounts(counts, quad.nBins);
  let total = 0;
  for (let i = 0; i < quad.nBins; i++) if (fitted[i]) total += n[i]!;
  const problem: Problem = { npar: maxParams, basis, counts: n, fitted, total };
  const theta = toInternal(m, thetaOf(fit.params, maxParams), maxParams);
  loadProblem(problem);
  const d = derivatives(problem, evaluate(problem, theta, basis.kernel.points[0]));
  const out: number[] = [];
  for (let k = from + 1; k <= maxParams; k++) {
    const block = basis.damped;
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) block[a * k + b] = d.fisher[a * maxParams + b]!;
    const f = choleskyScaled(block, k, basis.factors[0]);
    if (!f) {
      out.push(Number.NaN);
      continue;
    }
    const g = d.grad.subarray(0, k);
    const x = choleskySolve(f, g);
    let s = 0;
    for (let a = 0; a < k; a++) s += g[a]! * x[a]!;
    out.push(Math.max(0, s));
  }
  return out;
}
