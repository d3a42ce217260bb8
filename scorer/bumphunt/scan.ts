import { type Mode, significanceFromLogP, windowLogP } from "./pvalue";
import { layoutWindows, type ScanSettings, type WindowLayout } from "./windows";

export interface ScanResult {
  /** First bin of the bump (index in the untrimmed histogram). */
  locBin: number;
  widthBins: number;
  /** Bump edges: edges[locBin], edges[locBin + widthBins]; bin indices when no edges were given. */
  loEdge: number;
  hiEdge: number;
  nData: number;
  nRef: number;
  /** nData − nRef (negative for a deficit). */
  signalEval: number;
  /**
   * Side-band normalisation factor (D − n)/(R − β) of the bump's window, so nRef = β · normScale
   * (pyBumpHunter `norm_scale`); null without side-band normalisation.
   */
  normScale: number | null;
  /** Local p-value of the bump; may underflow to 0 while t and significance stay finite. */
  pvalue: number;
  /** Test statistic t = −ln p. */
  t: number;
  /** Local Z = −Φ⁻¹(p), an inverse survival function (finite for any p > 0, even below 1e-308). */
  significance: number;
  nWindows: number;
  /** Tested widths, one per row of windowPvaluesByWidth. */
  widths: number[];
  /** Every window's local p-value, width by width, positions in scan order. */
  windowPvaluesByWidth: number[][];
}

/**
 * One BumpHunter scan of a histogram against a reference, as pyBumpHunter 0.5 `BumpHunter1D`
 * (`is_hist=True`; side-band normalisation when `useSideband`, with `sidebandWidth`): windows from
 * {@link layoutWindows}, window p-values from {@link windowLogP} (side-band: {@link sidebandLogP});
 * the bump is the smallest p, ties resolved as numpy's argmin in pyBumpHunter: the narrowest width
 * holding the minimum, then its first position (so of several windows at the 1e-300 floor, the first).
 *
 * @throws RangeError on an empty reference, mismatched lengths or settings where no window fits.
 * @example scan([3, 9, 2], [2, 2, 2], { widthMax: 1 }).locBin // 1
 */
export function scan(
  data: ArrayLike<number>,
  ref: ArrayLike<number>,
  settings: ScanSettings = {},
  edges?: ArrayLike<number>,
): ScanResult {
  if (data.length !== ref.length) throw new RangeError(`data has ${data.length} bins, ref ${ref.length}`);
  if (edges && edges.length !== ref.length + 1) {
    throw new RangeError(`edges must have nbins + 1 = ${ref.length + 1} entries, got ${edges.length}`);
  }
  return scanLayout(data, layoutWindows(ref, settings), edges);
}

/** {@link scan} on a precomputed window layout. */
export function scanLayout(
  data: ArrayLike<number>,
  layout: WindowLayout,
  edges?: ArrayLike<number>,
): ScanResult {
  const { lo, width, mode } = layout;
  const scale = layout.sideband ? sidebandScales(data, layout) : null;
  const beta = effectiveBeta(data, layout, scale);
  const windowPvaluesByWidth: number[][] = [];
  let best = 0;
  let bestLogP = 1; // above any ln p, so the first window wins ties
  for (let k = 0; k < layout.widths.length; k++) {
    const row: number[] = [];
    for (let w = layout.widthStart[k]!; w < layout.widthStart[k + 1]!; w++) {
      const n = windowSum(data, lo[w]!, width[w]!);
      const logP = layout.sideband ? sidebandLogP(n, beta[w]!, mode) : windowLogP(n, beta[w]!, mode);
      row.push(pvalueOf(layout, logP));
      if (logP < bestLogP) {
        bestLogP = logP;
        best = w;
      }
    }
    windowPvaluesByWidth.push(row);
  }
  const locBin = lo[best]!;
  const widthBins = width[best]!;
  const nData = windowSum(data, locBin, widthBins);
  const nRef = beta[best]!;
  return {
    locBin,
    widthBins,
    loEdge: edges ? edges[locBin]! : locBin,
    hiEdge: edges ? edges[locBin + widthBins]! : locBin + widthBins,
    nData,
    nRef,
    signalEval: nData - nRef,
    normScale: scale ? scale[best]! : null,
    pvalue: pvalueOf(layout, bestLogP),
    t: 0 - bestLogP, // +0, not −0, when p = 1
    significance: significanceFromLogP(bestLogP),
    nWindows: lo.length,
    widths: layout.widths,
    windowPvaluesByWidth,
  };
}

/** pyBumpHunter raises side-band normalised p-values below 1e-300 to 1e-300 ("induced by normalisation in the tail"). */
const SIDEBAND_FLOOR = 1e-300;
const LN_SIDEBAND_FLOOR = Math.log(SIDEBAND_FLOOR);

/**
 * ln p of a side-band normalised window, as pyBumpHunter 0.5 `_scan_hist` (lines 419–433): the p of
 * {@link windowLogP} against the scaled β, raised to 1e-300. β is ±∞ or NaN when R − β = 0 (the
 * window holds all the reference); numpy's comparisons then give p = 1, except a deficit against
 * β = +∞ (D − n > 0), where p = 1 − P(n + 1, ∞) = 0, floored to 1e-300.
 *
 * @example Math.exp(sidebandLogP(3, Infinity, "deficit")) // ≈ 1e-300
 */
export function sidebandLogP(n: number, beta: number, mode: Mode): number {
  let logP: number;
  if (Number.isNaN(beta)) logP = 0;
  else if (beta === Number.POSITIVE_INFINITY) logP = mode === "deficit" ? Number.NEGATIVE_INFINITY : 0;
  else logP = windowLogP(n, beta, mode);
  return logP < LN_SIDEBAND_FLOOR ? LN_SIDEBAND_FLOOR : logP;
}

/** p from ln p; a side-band floored window is exactly 1e-300 (exp(ln 1e-300) is off by ulps). */
function pvalueOf(layout: WindowLayout, logP: number): number {
  return layout.sideband && logP === LN_SIDEBAND_FLOOR ? SIDEBAND_FLOOR : Math.exp(logP);
}

/**
 * Each window's side-band factor (D − n) / (R − β) (pyBumpHunter `scale`, line 416): D and R the
 * data and reference totals over the whole trimmed range [first, end), side-bands included, n the
 * data in the window and β its reference. R and β are summed in numpy's order (windows.ts); D and n
 * are sums of counts, exact in any order for whole numbers below 2^53.
 */
export function sidebandScales(data: ArrayLike<number>, layout: WindowLayout): Float64Array {
  let dataTotal = 0;
  for (let i = layout.first; i < layout.end; i++) dataTotal += data[i]!;
  const out = new Float64Array(layout.beta.length);
  for (let w = 0; w < out.length; w++) {
    const n = windowSum(data, layout.lo[w]!, layout.width[w]!);
    out[w] = (dataTotal - n) / (layout.refTotal - layout.beta[w]!);
  }
  return out;
}

/**
 * Each window's reference count: β from the layout, or with side-band normalisation β · scale in
 * pyBumpHunter's operation order (`Nref *= scale`, line 417), scale from {@link sidebandScales}.
 */
export function effectiveBeta(
  data: ArrayLike<number>,
  layout: WindowLayout,
  scale: Float64Array | null = layout.sideband ? sidebandScales(data, layout) : null,
): Float64Array {
  if (!scale) return layout.beta;
  return layout.beta.map((b, w) => b * scale[w]!);
}

function windowSum(h: ArrayLike<number>, lo: number, w: number): number {
  let s = 0;
  for (let i = lo; i < lo + w; i++) s += h[i]!;
  return s;
}
