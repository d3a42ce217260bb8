import { choleskyScaled, choleskySolve } from "@/scorer/bumphunt/linalg";

/**
 * The "no neural network" baseline: how far each event's jet substructure lies from the bulk of the
 * box, as the squared Mahalanobis distance d² = (x − μ)ᵀ Σ⁻¹ (x − μ) of its jet features x.
 *
 * Inputs (one row per event, in the file's jet order: jet 1 = higher pT):
 * - mj1, mj2 — jet masses, linear. The distance is two-sided: in the log, the many light QCD jets
 *   lie as far below the bulk as a 500 GeV jet lies above it, so logs of the masses select light
 *   jets (AUC 0.69 against 0.76 on a 200k-event R&D-like box, see docs/scoring.md);
 * - tau21_1, tau21_2, tau32_1, tau32_2 — N-subjettiness ratios, already in [0, 1];
 * - ln pt1, ln pt2 — jet transverse momenta, logs for the steeply falling spectrum above the
 *   trigger (a linear pT puts every high-pT QCD event in the tail).
 * Left out: `mjj`, so the selection does not sculpt the mass spectrum the bump hunter fits (the
 * pTs still correlate with mjj); eta1, eta2, phi1, phi2, which carry no resonance information
 * (φ is uniform, η the boost of the system; adding them lowers the AUC).
 *
 * Bulk: mean and covariance (divisor N − 1) of all events — the classical estimate, by default.
 * Optional `trimSteps` concentration steps (as in the MCD estimator of Rousseeuw & Van Driessen
 * 1999, without its random restarts) re-estimate on the ⌈(1 − trim)·N⌉ events nearest the current
 * estimate. They are off by default: trimming shrinks the pT spread of the bulk, so high-pT QCD
 * events move into the tail and the AUC drops (0.72 against 0.76 on the same box).
 */
export const MAHALANOBIS_INPUTS = [
  { feature: "mj1", log: false },
  { feature: "mj2", log: false },
  { feature: "tau21_1", log: false },
  { feature: "tau21_2", log: false },
  { feature: "tau32_1", log: false },
  { feature: "tau32_2", log: false },
  { feature: "pt1", log: true },
  { feature: "pt2", log: true },
] as const;

/** Values below this (GeV) are raised to it before the log: a massless jet is not −∞ away. */
export const LOG_FLOOR = 1;

export type MahalanobisOptions = {
  /** Fraction of events left out of each concentration step, in [0, 0.5). Default 0.1. */
  trim?: number;
  /** Concentration steps after the classical estimate. Default 0: classical on all events. */
  trimSteps?: number;
};

export type MahalanobisResult = {
  /** d² per event, in input order. */
  scores: Float64Array;
  /** Input names as used, e.g. "ln mj1", "tau21_1". */
  inputs: string[];
  mean: Float64Array;
  /** Row-major K × K. */
  covariance: Float64Array;
  /** Events in the final estimate. */
  nFit: number;
};

export class BaselineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineInputError";
  }
}

/**
 * The input matrix X [N, K] (row-major float64) from the public features [N, F] (row-major, in
 * `names` order): the columns of MAHALANOBIS_INPUTS, logs where marked.
 *
 * @throws BaselineInputError naming a missing feature (and the ones present), or the first
 *   non-finite value (feature and row).
 * @example
 * mahalanobisInputs(Float32Array.of(100, 0.5, 200, 0.25), ["mj1", "tau21_1"], 2, [
 *   { feature: "mj1", log: true }, { feature: "tau21_1", log: false }]).x;
 * // → Float64Array [4.605170185988092, 0.5, 5.298317366548036, 0.25]
 */
export function mahalanobisInputs(
  features: ArrayLike<number>,
  names: readonly string[],
  n: number,
  inputs: readonly { feature: string; log: boolean }[] = MAHALANOBIS_INPUTS,
): { x: Float64Array; inputs: string[] } {
  const f = names.length;
  if (features.length !== n * f)
    throw new BaselineInputError(`features hold ${features.length} values, not ${n} × ${f}`);
  const cols = inputs.map(({ feature }) => {
    const j = names.indexOf(feature);
    if (j < 0)
      throw new BaselineInputError(
        `the box has no feature '${feature}'; the Mahalanobis baseline needs ${inputs.map((i) => i.feature).join(", ")} and the box has ${names.join(", ")}`,
      );
    return j;
  });
  const k = inputs.length;
  const x = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const v = features[i * f + cols[c]!]!;
      const t = inputs[c]!.log ? Math.log(Math.max(v, LOG_FLOOR)) : v;
      if (!Number.isFinite(t))
        throw new BaselineInputError(`feature '${inputs[c]!.feature}' is ${v} in row ${i}`);
      x[i * k + c] = t;
    }
  }
  return { x, inputs: inputs.map(({ feature, log }) => (log ? `ln ${feature}` : feature)) };
}

/**
 * Mean and covariance (divisor m − 1) of the rows of X [N, K] where `keep` is 1 (all rows when
 * omitted): two passes (mean, then centred products), each a Neumaier-compensated sum, so a million
 * rows lose no digits.
 */
export function meanCovariance(x: Float64Array, n: number, k: number, keep?: Uint8Array) {
  const mean = new Float64Array(k);
  const sum = new Float64Array(k);
  const comp = new Float64Array(k);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    m++;
    for (let a = 0; a < k; a++) neumaier(sum, comp, a, x[i * k + a]!);
  }
  if (m < 2) throw new BaselineInputError(`a covariance needs at least 2 events, not ${m}`);
  for (let a = 0; a < k; a++) mean[a] = (sum[a]! + comp[a]!) / m;
  const s2 = new Float64Array(k * k);
  const c2 = new Float64Array(k * k);
  const d = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    for (let a = 0; a < k; a++) d[a] = x[i * k + a]! - mean[a]!;
    for (let a = 0; a < k; a++) for (let b = 0; b <= a; b++) neumaier(s2, c2, a * k + b, d[a]! * d[b]!);
  }
  const covariance = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) {
      const v = (s2[a * k + b]! + c2[a * k + b]!) / (m - 1);
      covariance[a * k + b] = v;
      covariance[b * k + a] = v;
    }
  }
  return { mean, covariance, m };
}

function neumaier(sum: Float64Array, comp: Float64Array, at: number, v: number): void {
  const s = sum[at]!;
  const t = s + v;
  comp[at] = comp[at]! + (Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s);
  sum[at] = t;
}

/**
 * d² = (x − μ)ᵀ Σ⁻¹ (x − μ) for every row of X, through the Cholesky factor of the standardised
 * covariance (choleskyScaled: D Σ D = L Lᵀ, D = diag(1/σ)): d² = ‖L⁻¹ D (x − μ)‖², one forward
 * substitution per event, no explicit inverse.
 *
 * @throws BaselineInputError when Σ is not numerically positive definite (a constant input, or
 *   inputs that are exact functions of each other).
 */
export function mahalanobisDistances(
  x: Float64Array,
  n: number,
  k: number,
  mean: Float64Array,
  covariance: Float64Array,
  inputs: readonly string[] = [],
): Float64Array {
  const chol = choleskyScaled(covariance, k);
  if (!chol) {
    const constant = inputs.filter((_, a) => !(covariance[a * k + a]! > 0));
    throw new BaselineInputError(
      constant.length > 0
        ? `the input${constant.length > 1 ? "s" : ""} ${constant.join(", ")} ${constant.length > 1 ? "are" : "is"} constant in the bulk: no covariance to measure against`
        : "the inputs are linearly dependent in the bulk (the covariance is singular)",
    );
  }
  const { l, scale } = chol;
  const out = new Float64Array(n);
  const y = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let d2 = 0;
    for (let a = 0; a < k; a++) {
      let s = (x[i * k + a]! - mean[a]!) * scale[a]!;
      for (let b = 0; b < a; b++) s -= l[a * k + b]! * y[b]!;
      const ya = s / l[a * k + a]!;
      y[a] = ya;
      d2 += ya * ya;
    }
    out[i] = d2;
  }
  return out;
}

/**
 * The rows with the h smallest d², as a 0/1 mask; ties at the boundary go to the lower row index,
 * so the selection (and every later step) is deterministic.
 */
export function nearestRows(d2: Float64Array, h: number): Uint8Array {
  const keep = new Uint8Array(d2.length);
  if (h <= 0) return keep;
  // The h-th smallest value by a native numeric sort; rows below it, then ties in row order.
  const cut = Float64Array.from(d2).sort()[Math.min(h, d2.length) - 1]!;
  let taken = 0;
  for (let i = 0; i < d2.length; i++) {
    if (d2[i]! < cut) {
      keep[i] = 1;
      taken++;
    }
  }
  for (let i = 0; i < d2.length && taken < h; i++) {
    if (d2[i] === cut) {
      keep[i] = 1;
      taken++;
    }
  }
  return keep;
}

/**
 * Squared Mahalanobis distances of the rows of X [N, K] to the (trimmed) bulk; see the top of this
 * file. Deterministic: the same X gives the same bits (fixed summation order, IEEE float64).
 *
 * @throws BaselineInputError for fewer than K + 2 events, a bad `trim`, or a singular covariance.
 * @example
 * // rows (0,0), (2,0), (0,2), (2,2): mean (1,1), Σ = diag(4/3, 4/3), every d² = 1.5
 * mahalanobis(Float64Array.of(0, 0, 2, 0, 0, 2, 2, 2), 4, 2).scores;
 * // → Float64Array [1.5000000000000002, …] (four times; 1.5 up to rounding)
 */
export function mahalanobis(
  x: Float64Array,
  n: number,
  k: number,
  opts: MahalanobisOptions & { inputs?: string[] } = {},
): MahalanobisResult {
  const trim = opts.trim ?? 0.1;
  const steps = opts.trimSteps ?? 0;
  const inputs = opts.inputs ?? Array.from({ length: k }, (_, a) => `x${a}`);
  if (!(trim >= 0 && trim < 0.5)) throw new BaselineInputError(`trim must be in [0, 0.5), not ${trim}`);
  if (!Number.isInteger(steps) || steps < 0)
    throw new BaselineInputError(`trimSteps must be a whole number ≥ 0, not ${steps}`);
  if (n < k + 2) throw new BaselineInputError(`${n} events are too few for ${k} inputs`);
  let est = meanCovariance(x, n, k);
  let d2 = mahalanobisDistances(x, n, k, est.mean, est.covariance, inputs);
  const h = Math.ceil((1 - trim) * n);
  if (trim > 0 && h < n) {
    for (let s = 0; s < steps; s++) {
      est = meanCovariance(x, n, k, nearestRows(d2, h));
      d2 = mahalanobisDistances(x, n, k, est.mean, est.covariance, inputs);
    }
  }
  return { scores: d2, inputs, mean: est.mean, covariance: est.covariance, nFit: est.m };
}

/** Degree of the polynomial in ln mjj whose fit is subtracted from every input. */
export const MASS_TREND_DEGREE = 2;

/**
 * d² of every row after removing each input's trend with the mass: every input column is fitted by
 * least squares with a polynomial of degree MASS_TREND_DEGREE in ln(mass) (centred), and the
 * Mahalanobis distance (mahalanobis, same options) is taken of the residuals. A jet's pT and mass grow
 * with mjj, so a distance to the bulk of the whole box grows with mjj too and a cut on it builds a
 * hump into the mjj spectrum that a bump hunt cannot tell from a resonance: on the built-in
 * background-only box (1M events) a cut on the plain distance at ε = 0.1 "discovered" a hump at
 * 3.8–4.5 TeV with Z 5.2; after the trend is removed the same cut gives Z 1.1 (the idea of designed
 * decorrelated taggers, Dolen et al., arXiv:1603.00027). A smooth trend over the whole mass range
 * cannot bend around a resonance: per-mass-bin means and covariances can, and on the labelled R&D box
 * (9 % signal) they absorbed the signal into its own bins' bulk (AUC 0.47); the trend keeps it (AUC 0.72;
 * the plain distance has 0.76 there). Rows whose mass is not finite get the trend at the mean ln mass.
 * Returns the residuals' mean and covariance.
 */
export function massDecorrelatedMahalanobis(
  x: Float64Array,
  n: number,
  k: number,
  mass: ArrayLike<number>,
  opts: MahalanobisOptions & { inputs?: string[] } = {},
): MahalanobisResult {
  // A constant input stays one after the fit (its residuals are rounding noise): refuse it here.
  if (n >= 2) {
    const { covariance } = meanCovariance(x, n, k);
    const constant = Array.from({ length: k }, (_, a) => a).filter((a) => !(covariance[a * k + a]! > 0));
    if (constant.length > 0) mahalanobisDistances(x, n, k, new Float64Array(k), covariance, opts.inputs);
  }
  const p = MASS_TREND_DEGREE + 1;
  let centre = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isFinite(mass[i]!) && mass[i]! > 0) {
      centre += Math.log(mass[i]!);
      m++;
    }
  }
  centre = m > 0 ? centre / m : 0;
  const basis = new Float64Array(p);
  const fill = (i: number) => {
    const v = mass[i]!;
    const u = Number.isFinite(v) && v > 0 ? Math.log(v) - centre : 0;
    for (let d = 0, pw = 1; d < p; d++, pw *= u) basis[d] = pw;
  };
  // Normal equations: (BᵀB) c_j = Bᵀ x_j for every input j (compensated sums: a million rows).
  const ata = new Float64Array(p * p);
  const ataC = new Float64Array(p * p);
  const atx = new Float64Array(p * k);
  const atxC = new Float64Array(p * k);
  for (let i = 0; i < n; i++) {
    fill(i);
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) neumaier(ata, ataC, a * p + b, basis[a]! * basis[b]!);
      for (let j = 0; j < k; j++) neumaier(atx, atxC, a * k + j, basis[a]! * x[i * k + j]!);
    }
  }
  for (let q = 0; q < ata.length; q++) ata[q] = ata[q]! + ataC[q]!;
  for (let q = 0; q < atx.length; q++) atx[q] = atx[q]! + atxC[q]!;
  const f = choleskyScaled(ata, p);
  if (!f) throw new BaselineInputError("the events' mjj values are too few or too alike to fit a trend");
  const coef = Array.from({ length: k }, (_, j) =>
    choleskySolve(
      f,
      Array.from({ length: p }, (_, a) => atx[a * k + j]!),
    ),
  );
  const r = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    fill(i);
    for (let j = 0; j < k; j++) {
      let trend = 0;
      for (let a = 0; a < p; a++) trend += coef[j]![a]! * basis[a]!;
      r[i * k + j] = x[i * k + j]! - trend;
    }
  }
  return mahalanobis(r, n, k, opts);
}
