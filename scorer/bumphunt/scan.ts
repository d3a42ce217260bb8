import { significanceFromLogP, windowLogP } from "./pvalue";
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
 * (`is_hist=True`, side-band normalisation when `useSideband`): windows from {@link layoutWindows}, window p-values from
 * {@link windowLogP}; the bump is the smallest p, ties resolved as numpy's argmin in pyBumpHunter:
 * the narrowest width holding the minimum, then its first position.
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
  const beta = effectiveBeta(data, layout);
  const windowPvaluesByWidth: number[][] = [];
  let best = 0;
  let bestLogP = 1; // above any ln p, so the first window wins ties
  for (let k = 0; k < layout.widths.length; k++) {
    const row: number[] = [];
    for (let w = layout.widthStart[k]!; w < layout.widthStart[k + 1]!; w++) {
      const b = beta[w]!;
      // A side-band factor can be ∞ or NaN (a window spanning the whole range): p = 1, as in numpy.
      const logP = Number.isFinite(b)
        ? sidebandFloor(layout, windowLogP(windowSum(data, lo[w]!, width[w]!), b, mode))
        : 0;
      row.push(Math.exp(logP));
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
    pvalue: Math.exp(bestLogP),
    t: 0 - bestLogP, // +0, not −0, when p = 1
    significance: significanceFromLogP(bestLogP),
    nWindows: lo.length,
    widths: layout.widths,
    windowPvaluesByWidth,
  };
}

/** pyBumpHunter floors side-band normalised p-values at 1e-300 ("induced by normalisation in the tail"). */
const LN_1E300 = Math.log(1e-300);
export function sidebandFloor(layout: WindowLayout, logP: number): number {
  return layout.sideband && logP < LN_1E300 ? LN_1E300 : logP;
}

/**
 * Each window's reference count: β from the layout, or with side-band normalisation
 * β · ((D − n) / (R − β)) computed in pyBumpHunter's operation order, D and R the data and
 * reference totals over the scan range and n the data in the window.
 */
export function effectiveBeta(data: ArrayLike<number>, layout: WindowLayout): Float64Array {
  if (!layout.sideband) return layout.beta;
  let dataTotal = 0;
  for (let i = layout.first; i < layout.end; i++) dataTotal += data[i]!;
  const out = new Float64Array(layout.beta.length);
  for (let w = 0; w < out.length; w++) {
    const b = layout.beta[w]!;
    const n = windowSum(data, layout.lo[w]!, layout.width[w]!);
    out[w] = b * ((dataTotal - n) / (layout.refTotal - b));
  }
  return out;
}

function windowSum(h: ArrayLike<number>, lo: number, w: number): number {
  let s = 0;
  for (let i = lo; i < lo + w; i++) s += h[i]!;
  return s;
}
