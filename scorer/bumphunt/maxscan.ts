import { windowLogP } from "./pvalue";

/**
 * The windows of a BumpHunter scan over every bin of a fitted range: widths widthMin … widthMax,
 * every position, in pyBumpHunter's order (width by width, then position). A fitted background is
 * positive in every bin, so the geometry is fixed and only the references change from toy to toy.
 */
export interface ScanWindows {
  nbins: number;
  lo: Int32Array;
  width: Int32Array;
}

/** @throws RangeError when no window fits or the widths are not positive integers with min ≤ max. */
export function scanWindows(nbins: number, widthMin: number, widthMax: number): ScanWindows {
  if (!(Number.isInteger(widthMin) && Number.isInteger(widthMax) && widthMin >= 1 && widthMax >= widthMin))
    throw new RangeError(
      `scan widths must be integers with 1 ≤ widthMin ≤ widthMax, got ${widthMin}, ${widthMax}`,
    );
  const lo: number[] = [];
  const width: number[] = [];
  for (let w = widthMin; w <= Math.min(widthMax, nbins); w++) {
    for (let l = 0; l + w <= nbins; l++) {
      lo.push(l);
      width.push(w);
    }
  }
  if (lo.length === 0) throw new RangeError(`no scan window of width ≥ ${widthMin} fits in ${nbins} bins`);
  return { nbins, lo: Int32Array.from(lo), width: Int32Array.from(width) };
}

export interface MaxWindow {
  /** Index of the winning window in the layout, its first bin and width. */
  index: number;
  locBin: number;
  widthBins: number;
  observed: number;
  expected: number;
  /** ln p of the window (excess mode); 0 when no window has an excess. */
  logP: number;
}

/**
 * The most significant excess window, exactly as a full scan (`scan` in excess mode) picks it — the
 * smallest p, ties to the earliest window in scan order — without evaluating every window's
 * incomplete gamma. For n > β, P(X ≥ n) = pmf(n) · S with S = Σ_k Π_{i≤k} β/(n + i), and
 *   e^−D / (√(2πn) e^{1/(12n)}) ≤ pmf(n) ≤ e^−D / √(2πn),   D = n ln(n/β) − n + β   (Stirling),
 *   (1 − q^{K+1}) / (1 − q) ≤ S ≤ 1 / (1 − β/(n + 1)),   q = β/(n + K), K = ⌈√n⌉,
 * which bracket t = −ln P(X ≥ n) within ~0.5. Only windows whose upper bound reaches the largest lower
 * bound are evaluated exactly, largest bound first: a handful instead of every window.
 */
export function maxWindow(
  counts: ArrayLike<number>,
  background: ArrayLike<number>,
  windows: ScanWindows,
): MaxWindow {
  const { nbins, lo, width } = windows;
  const nw = lo.length;
  if (pn.length < nbins + 1) {
    pn = new Float64Array(nbins + 1);
    pb = new Float64Array(nbins + 1);
  }
  if (lower.length < nw) {
    lower = new Float64Array(nw);
    upper = new Float64Array(nw);
    cand = new Int32Array(nw);
  }
  for (let i = 0; i < nbins; i++) {
    pn[i + 1] = pn[i]! + counts[i]!;
    pb[i + 1] = pb[i]! + background[i]!;
  }
  let bestLower = 0;
  for (let w = 0; w < nw; w++) {
    const l = lo[w]!;
    const e = l + width[w]!;
    const n = pn[e]! - pn[l]!;
    const b = pb[e]! - pb[l]!;
    if (!(n > b && b > 0)) {
      lower[w] = -1;
      upper[w] = -1;
      continue;
    }
    const d = n * Math.log(n / b) - n + b;
    const stirling = 0.5 * Math.log(2 * Math.PI * n);
    const low = d + stirling + Math.log1p(-b / (n + 1)) - 1e-9;
    lower[w] = low;
    upper[w] = d + stirling + 1 / (12 * n); // refined below where it matters
    if (low > bestLower) bestLower = low;
  }
  let nc = 0;
  for (let w = 0; w < nw; w++) {
    if (upper[w]! < bestLower) continue;
    const l = lo[w]!;
    const e = l + width[w]!;
    const n = pn[e]! - pn[l]!;
    const b = pb[e]! - pb[l]!;
    const k = Math.ceil(Math.sqrt(n));
    const q = b / (n + k);
    const s = -Math.expm1((k + 1) * Math.log(q)) / (1 - q);
    upper[w] = upper[w]! - Math.log(s) + 1e-9;
    if (upper[w]! >= bestLower) cand[nc++] = w;
  }
  // Exact values, largest upper bound first, until no remaining bound can reach the best.
  let best = -1;
  let bestT = 0;
  for (let c = 0; c < nc; c++) {
    let at = c;
    for (let d = c + 1; d < nc; d++) if (upper[cand[d]!]! > upper[cand[at]!]!) at = d;
    const w = cand[at]!;
    cand[at] = cand[c]!;
    cand[c] = w;
    if (best >= 0 && upper[w]! < bestT) break;
    const t = -windowLogP(
      windowSum(counts, lo[w]!, width[w]!),
      windowSum(background, lo[w]!, width[w]!),
      "excess",
    );
    if (t > bestT || (t === bestT && t > 0 && w < best)) {
      bestT = t;
      best = w;
    }
  }
  const index = best >= 0 ? best : 0;
  const l = lo[index]!;
  return {
    index,
    locBin: l,
    widthBins: width[index]!,
    observed: windowSum(counts, l, width[index]!),
    expected: windowSum(background, l, width[index]!),
    logP: best >= 0 ? -bestT : 0,
  };
}

// Scratch buffers, reused across calls (one set per thread).
let pn = new Float64Array(0);
let pb = new Float64Array(0);
let lower = new Float64Array(0);
let upper = new Float64Array(0);
let cand = new Int32Array(0);

/** Σ h[lo … lo + w − 1] in bin order: the same double as the full scan's window sums. */
function windowSum(h: ArrayLike<number>, lo: number, w: number): number {
  let s = 0;
  for (let i = lo; i < lo + w; i++) s += h[i]!;
  return s;
}
