import { SQRT_S_GEV } from "@/core/events";

/**
 * The 4-parameter dijet function used as the smooth QCD background in CMS and ATLAS dijet resonance
 * searches (CMS, Phys. Rev. Lett. 105 (2010) 211801; ATLAS, Phys. Rev. D 91 (2015) 052007; CMS,
 * JHEP 08 (2018) 130, which fitted p1 = 8.15, p2 = 5.23, p3 ≈ 0 on the 13 TeV spectrum):
 *
 *   f(m) = p0 (1 − x)^p1 / x^(p2 + p3 ln x),   x = m / √s,
 *
 * a density in events per GeV, and its integral over histogram bins. Everything is computed in log
 * space, ln f = ln p0 + p1 ln(1 − x) − (p2 + p3 ln x) ln x, because f spans many orders of magnitude
 * across a spectrum and p0 may be huge; bin integrals are combined with log-sum-exp.
 */

export const DEFAULT_SQRT_S = SQRT_S_GEV;

export interface DijetParams {
  readonly p0: number;
  readonly p1: number;
  readonly p2: number;
  /** 0 in the 3-parameter form. */
  readonly p3: number;
  /** The 5- and 6-parameter forms' p4 ln²x and p5 ln³x terms of the exponent (absent: 0). */
  readonly p4?: number;
  readonly p5?: number;
  /**
   * ln p0, kept beside p0: with 5–6 parameters the powers of ln x are nearly collinear over a dijet
   * range, the fitted coefficients grow large and p0 = e^(ln p0) may leave the double range.
   */
  readonly lnP0?: number;
}

/** The dijet family's sizes (SCORING §2 step 2): 3, 4, 5 or 6 parameters. */
export const MIN_PARAMS = 3;
export const MAX_PARAMS = 6;

/** θ = (ln p0, p1, …) of a parameter set, `n` entries (3–6). */
export function thetaOf(params: DijetParams, n: number): Float64Array {
  const all = [
    params.lnP0 ?? Math.log(params.p0),
    params.p1,
    params.p2,
    params.p3,
    params.p4 ?? 0,
    params.p5 ?? 0,
  ];
  return Float64Array.from(all.slice(0, n));
}

/** The parameter set of θ = (ln p0, p1, …); the missing higher terms are 0. */
export function paramsOf(theta: ArrayLike<number>): DijetParams {
  const t = (k: number) => (k < theta.length ? theta[k]! : 0);
  const out: { p0: number; p1: number; p2: number; p3: number; p4?: number; p5?: number; lnP0?: number } = {
    p0: Math.exp(t(0)),
    p1: t(1),
    p2: t(2),
    p3: t(3),
  };
  if (theta.length > 4) out.p4 = t(4);
  if (theta.length > 5) out.p5 = t(5);
  if (!(out.p0 > 0 && Number.isFinite(out.p0))) out.lnP0 = t(0);
  return out;
}

/** Gauss–Legendre nodes per sub-interval, and the fewer used far from both singularities. */
const GL_ORDER = 12;
const GL_ORDER_FAR = 5;
/** Distance to the nearest singularity, in sub-interval half-widths, from which GL_ORDER_FAR suffices. */
const FAR_RATIO = 30;
/**
 * Each bin is cut into sub-intervals of half-width h ≤ d / 8, where d is the distance from the bin to
 * the nearest singularity of f (m = 0 or m = √s). The integrand is then analytic inside the Bernstein
 * ellipse of parameter ρ ≈ 16 around every sub-interval, so the Gauss–Legendre error falls like
 * ρ^(−2n) = 16^(−24) ≈ 1e-29 (Trefethen, "Is Gauss quadrature better than Clenshaw–Curtis?", SIAM Rev.
 * 50 (2008), Thm 4.5), far below double rounding even after the growth of |f| on the ellipse. A bin
 * with d ≥ 30 h (100 GeV bins anywhere in 3–7 TeV) lies inside an ellipse of ρ ≥ 60 at half the
 * distance, so 5 nodes give 60^(−10) ≈ 2e-18: the same doubles to rounding (checked against a 16×
 * finer subdivision to 1e-13; 4 nodes miss that by 9e-13), at 5/12 of the cost of every likelihood
 * evaluation (the refitted pseudo-experiments spend most of their time here).
 */
const SUBINTERVAL_RATIO = 8;
const MAX_SUBINTERVALS = 4096;

/** Gauss–Legendre nodes and weights on [−1, 1] by Newton iteration on P_n (Golub–Welsch accuracy). */
function gaussLegendre(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p = 1;
      let pPrev = 0;
      for (let j = 1; j <= n; j++) {
        const pPrev2 = pPrev;
        pPrev = p;
        p = ((2 * j - 1) * z * pPrev - (j - 1) * pPrev2) / j;
      }
      dp = (n * (z * p - pPrev)) / (z * z - 1);
      const step = p / dp;
      z -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    nodes[i] = -z;
    nodes[n - 1 - i] = z;
    const w = 2 / ((1 - z * z) * dp * dp);
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

const GL = gaussLegendre(GL_ORDER);
const GL_FAR = gaussLegendre(GL_ORDER_FAR);

/**
 * Quadrature nodes for a fixed set of bin edges. The nodes do not depend on the parameters, so a fit
 * builds this once and every likelihood evaluation is a weighted log-sum-exp over it.
 * Nodes of bin i are `binStart[i] .. binStart[i + 1] − 1`.
 */
export interface BinQuadrature {
  readonly nBins: number;
  readonly sqrtS: number;
  readonly binStart: Int32Array;
  /** ln of the quadrature weight (GeV) of each node. */
  readonly logWeight: Float64Array;
  /** ln x at each node. */
  readonly logX: Float64Array;
  /** ln(1 − x) at each node. */
  readonly log1mX: Float64Array;
}

/**
 * Checks the edges and lays out the quadrature nodes of every bin.
 * @throws RangeError unless there is at least one bin, the edges are finite and strictly increasing,
 *   0 < edges[0] and edges[last] < √s.
 */
export function binQuadrature(edges: ArrayLike<number>, sqrtS: number = DEFAULT_SQRT_S): BinQuadrature {
  if (!(Number.isFinite(sqrtS) && sqrtS > 0)) throw new RangeError(`√s must be positive, got ${sqrtS}`);
  const nBins = edges.length - 1;
  if (nBins < 1) throw new RangeError("need at least two bin edges");
  const sub: number[] = [];
  const order: number[] = [];
  let nNodes = 0;
  for (let i = 0; i < nBins; i++) {
    const lo = edges[i]!;
    const hi = edges[i + 1]!;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) {
      throw new RangeError(`bin edges must be finite and strictly increasing (bin ${i}: [${lo}, ${hi}])`);
    }
    if (!(lo > 0 && hi < sqrtS))
      throw new RangeError(`bin edges must lie strictly inside (0, √s = ${sqrtS})`);
    const distance = Math.min(lo, sqrtS - hi);
    const k = Math.min(
      MAX_SUBINTERVALS,
      Math.max(1, Math.ceil((SUBINTERVAL_RATIO * (hi - lo)) / (2 * distance))),
    );
    sub.push(k);
    order.push(k === 1 && distance >= FAR_RATIO * ((hi - lo) / 2) ? GL_ORDER_FAR : GL_ORDER);
    nNodes += k * order[i]!;
  }
  const binStart = new Int32Array(nBins + 1);
  const logWeight = new Float64Array(nNodes);
  const logX = new Float64Array(nNodes);
  const log1mX = new Float64Array(nNodes);
  let node = 0;
  for (let i = 0; i < nBins; i++) {
    binStart[i] = node;
    const lo = edges[i]!;
    const k = sub[i]!;
    const half = (edges[i + 1]! - lo) / (2 * k);
    const gl = order[i] === GL_ORDER_FAR ? GL_FAR : GL;
    for (let s = 0; s < k; s++) {
      const centre = lo + (2 * s + 1) * half;
      for (let j = 0; j < gl.nodes.length; j++) {
        const x = (centre + half * gl.nodes[j]!) / sqrtS;
        logWeight[node] = Math.log(half * gl.weights[j]!);
        logX[node] = Math.log(x);
        log1mX[node] = Math.log1p(-x);
        node++;
      }
    }
  }
  binStart[nBins] = node;
  return { nBins, sqrtS, binStart, logWeight, logX, log1mX };
}

/**
 * ln f at a node given θ = (ln p0, p1, p2[, p3[, p4[, p5]]]):
 * ln f = ln p0 + p1 ln(1 − x) − (p2 + p3 ln x + p4 ln²x + p5 ln³x) ln x (Horner in ln x).
 */
export function logDijetAt(logX: number, log1mX: number, theta: ArrayLike<number>): number {
  let poly = 0;
  for (let k = theta.length - 1; k >= 2; k--) poly = poly * logX + theta[k]!;
  return theta[0]! + theta[1]! * log1mX - poly * logX;
}

/**
 * ln ∫ f dm over every bin, for θ = (ln p0, p1, p2, …) (log-sum-exp over the nodes, so no bin
 * underflows or overflows however large p0 or steep the shape).
 */
export function logBinIntegrals(quad: BinQuadrature, theta: ArrayLike<number>): Float64Array {
  return logBinSums(quad, logNodeValues(quad, theta));
}

/** ln(weight · f) at every quadrature node, for θ = (ln p0, p1, p2, …). */
export function logNodeValues(quad: BinQuadrature, theta: ArrayLike<number>): Float64Array {
  const nodes = quad.logX.length;
  const v = new Float64Array(nodes);
  for (let j = 0; j < nodes; j++)
    v[j] = quad.logWeight[j]! + logDijetAt(quad.logX[j]!, quad.log1mX[j]!, theta);
  return v;
}

/**
 * ln Σ over each bin's nodes of e^v (log-sum-exp, so no bin underflows or overflows). With
 * `weights`, also each node's share of its bin, e^v / Σ_bin e^v (what the fit's derivatives average
 * over), at no extra exp.
 */
export function logBinSums(quad: BinQuadrature, v: Float64Array, weights?: Float64Array): Float64Array {
  const out = new Float64Array(quad.nBins);
  for (let i = 0; i < quad.nBins; i++) {
    const a = quad.binStart[i]!;
    const b = quad.binStart[i + 1]!;
    let max = Number.NEGATIVE_INFINITY;
    for (let j = a; j < b; j++) if (v[j]! > max) max = v[j]!;
    if (!Number.isFinite(max)) {
      out[i] = max;
      if (weights) weights.fill(Number.NaN, a, b);
      continue;
    }
    let sum = 0;
    if (weights) {
      for (let j = a; j < b; j++) {
        const e = Math.exp(v[j]! - max);
        weights[j] = e;
        sum += e;
      }
      for (let j = a; j < b; j++) weights[j] = weights[j]! / sum;
    } else for (let j = a; j < b; j++) sum += Math.exp(v[j]! - max);
    out[i] = max + Math.log(sum);
  }
  return out;
}

/**
 * The dijet density f(m) = p0 (1 − x)^p1 / x^(p2 + p3 ln x), x = m/√s, in events per GeV.
 * Returns NaN outside 0 < m < √s or for p0 < 0.
 * @example
 * dijet(2000, { p0: 1, p1: 0, p2: 1, p3: 0 }, 13000); // 6.5 (= 1 / (2000/13000))
 */
export function dijet(m: number, params: DijetParams, sqrtS: number = DEFAULT_SQRT_S): number {
  const x = m / sqrtS;
  if (!(x > 0 && x < 1) || !(params.p0 >= 0)) return Number.NaN;
  return Math.exp(logDijetAt(Math.log(x), Math.log1p(-x), thetaOf(params, MAX_PARAMS)));
}

/**
 * Expected events per bin, μ_i = ∫_{edges[i]}^{edges[i+1]} f(m) dm, by composite Gauss–Legendre
 * quadrature (12 nodes per sub-interval, sub-intervals sized to keep the relative error near machine
 * precision; see SUBINTERVAL_RATIO). p0 = 0 gives zeros.
 * @throws RangeError on bad edges (see {@link binQuadrature}) or p0 < 0 or non-finite.
 * @example
 * // p1 = p3 = 0, p2 = 2: ∫ p0 x^−2 dm = p0 √s (1/x_lo − 1/x_hi)
 * dijetBinIntegrals([1300, 2600], { p0: 1, p1: 0, p2: 2, p3: 0 }, 13000); // Float64Array [65000]
 */
export function dijetBinIntegrals(
  edges: ArrayLike<number>,
  params: DijetParams,
  sqrtS: number = DEFAULT_SQRT_S,
): Float64Array {
  if (
    !(params.lnP0 !== undefined ? Number.isFinite(params.lnP0) : Number.isFinite(params.p0) && params.p0 >= 0)
  )
    throw new RangeError(`p0 must be ≥ 0, got ${params.p0}`);
  const quad = binQuadrature(edges, sqrtS);
  const n = params.p5 !== undefined ? 6 : params.p4 !== undefined ? 5 : 4;
  const logs = logBinIntegrals(quad, thetaOf(params, n));
  return logs.map(Math.exp);
}
