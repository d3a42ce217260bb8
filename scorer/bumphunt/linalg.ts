/**
 * Small dense symmetric positive-definite (SPD) algebra for the dijet fit (4 × 4 matrices, row-major
 * Float64Array), and a compensated sum. Not a general linear-algebra library: just what a
 * Newton/Levenberg–Marquardt step and its covariance need.
 */

/**
 * A scaled pivot below this is treated as singular: after Jacobi scaling to a unit diagonal the
 * smallest squared pivot bounds the reciprocal condition number, and below ~1e-13 a double-precision
 * solve keeps fewer than ~3 significant digits.
 */
const MIN_SCALED_PIVOT = 1e-13;

export interface ScaledCholesky {
  readonly n: number;
  /** D = diag(1/√a_ii). */
  readonly scale: Float64Array;
  /** Lower factor of D A D = L Lᵀ, row-major. */
  readonly l: Float64Array;
}

/**
 * Cholesky factorisation of D A D with D = diag(1/√a_ii) (equilibration, so that strongly correlated
 * parameters on very different scales factor accurately).
 * @returns null when A is not numerically SPD (non-positive or non-finite diagonal, or a scaled pivot
 *   below MIN_SCALED_PIVOT).
 */
export function choleskyScaled(
  a: ArrayLike<number>,
  n: number,
  into?: { scale: Float64Array; l: Float64Array },
): ScaledCholesky | null {
  // `into`: working space of at least n and n² entries, reused by hot loops (a fresh typed array
  // beyond 8 doubles costs about a microsecond in V8, more than the factorisation itself).
  const scale = into && into.scale.length >= n && into.l.length >= n * n ? into.scale : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i]!;
    if (!(d > 0 && Number.isFinite(d))) return null;
    scale[i] = 1 / Math.sqrt(d);
  }
  const l = scale === into?.scale ? into.l : new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]! * scale[i]! * scale[j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > MIN_SCALED_PIVOT)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  return { n, scale, l };
}

/** Solves A x = b given the scaled factor of A. */
export function choleskySolve(f: ScaledCholesky, b: ArrayLike<number>): Float64Array {
  const { n, l, scale } = f;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]! * scale[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  for (let i = 0; i < n; i++) y[i] = y[i]! * scale[i]!;
  return y;
}

/** A⁻¹ from the scaled factor of A (symmetric, row-major). */
export function choleskyInverse(f: ScaledCholesky): Float64Array {
  const { n } = f;
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(f, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  return inv;
}

/** Neumaier's compensated running sum (exact to a few ulps for sums of many terms of mixed sign). */
export class CompensatedSum {
  private sum = 0;
  private c = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.c += this.sum - t + x;
    else this.c += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.c;
  }
}
