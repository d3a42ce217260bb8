import type { Mode } from "./pvalue";

/** pyBumpHunter 0.5 `BumpHunter1D` settings (names camelCased). */
export interface ScanSettings {
  /** "excess" (default) or "deficit". */
  mode?: Mode;
  /** Narrowest window in bins (default 1). */
  widthMin?: number;
  /** Widest window in bins (default ⌊nbins/2⌋ of the untrimmed histogram). */
  widthMax?: number | null;
  /** Step between tested widths (default 1). */
  widthStep?: number;
  /** Step between window positions: bins, "half" (max(1, ⌊w/2⌋)) or "full" (w). Default 1. */
  scanStep?: number | "half" | "full";
  /**
   * Side-band normalisation (pyBumpHunter `use_sideband`): each window's reference is scaled so that
   * the reference outside the window matches the data outside it, β' = β · ((D − n) / (R − β)), with
   * D and R the data and reference totals over the whole trimmed range [first, end), n the data in
   * the window. Window p-values below 1e-300 are raised to 1e-300. Default false.
   */
  useSideband?: boolean;
  /**
   * Side-band width k in bins (pyBumpHunter `sideband_width`), with `useSideband` only: windows lie
   * in [first + k, end − k), while D and R still cover all of [first, end). Default 0, which is
   * pyBumpHunter's default `None` (scan and normalisation over the same range). Ignored without
   * `useSideband`, as pyBumpHunter ignores it.
   */
  sidebandWidth?: number;
}

/**
 * Every scan window, in scan order (width by width, then position). `beta` is the reference sum
 * over the window, computed once here so that the data scan and every pseudo-experiment use the
 * very same double.
 */
export interface WindowLayout {
  mode: Mode;
  nbins: number;
  /**
   * First and one-past-last bin with ref > 0: the trimmed range, where pseudo-experiments are drawn
   * and over which the side-band totals are taken (pyBumpHunter's Vinf, Vsup).
   */
  first: number;
  end: number;
  /** Where windows lie: [first + k, end − k) with side-bands of k bins, else [first, end) (Hinf, Hsup). */
  scanFirst: number;
  scanEnd: number;
  widths: number[];
  /** Index of the first window of each width in the flat arrays; length widths.length + 1. */
  widthStart: Int32Array;
  lo: Int32Array;
  width: Int32Array;
  beta: Float64Array;
  /** Side-band normalisation on, and the reference total R over [first, end) it needs. */
  sideband: boolean;
  refTotal: number;
}

/**
 * a[lo] + … + a[hi − 1] in the order of numpy's `np.add.reduce` on a contiguous float64 array
 * (`pairwise_sum` in numpy/_core/src/umath/loops_utils.h.src: below 8 terms a plain loop; up to 128,
 * eight running sums combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) and the
 * remainder added; above, the two halves split at a multiple of 8). pyBumpHunter sums its window
 * references as `ref[p : p + w].sum()`, so β here is the very double it uses (checked against numpy
 * 2.4 on 20 000 random arrays). Not compensated on purpose: the point is numpy's double, and the sums
 * are short.
 *
 * @example numpySum([1e16, 1, 1, 1, 1, 1, 1, 1, 1], 0, 9) // 10000000000000008, as np.sum (a loop: 1e16)
 */
export function numpySum(a: ArrayLike<number>, lo: number, hi: number): number {
  const n = hi - lo;
  if (n < 8) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += a[i]!;
    return s;
  }
  if (n <= 128) {
    const r = [a[lo]!, a[lo + 1]!, a[lo + 2]!, a[lo + 3]!, a[lo + 4]!, a[lo + 5]!, a[lo + 6]!, a[lo + 7]!];
    let i = lo + 8;
    for (; i < hi - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[i + j]!;
    let s = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < hi; i++) s += a[i]!;
    return s;
  }
  const half = Math.floor(n / 2);
  const n2 = half - (half % 8);
  return numpySum(a, lo, lo + n2) + numpySum(a, lo + n2, hi);
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * Lay out the windows exactly as pyBumpHunter 0.5 `_scan_hist` (bumphunter_1dim.py lines 363–395):
 * widths widthMin, widthMin + widthStep, … ≤ widthMax; for each width w, positions scanFirst,
 * scanFirst + step, … while the window fits inside [scanFirst, scanEnd), which is the trimmed range
 * [first, end) less `sidebandWidth` bins at each end when side-band normalisation is on. A width
 * wider than the scan range has no window (pyBumpHunter keeps a dummy p = 1 entry for it, which
 * never wins unless nothing fits; here nothing fitting is an error).
 *
 * @throws RangeError when ref has no positive bin, the histogram shapes differ, the settings are
 *   invalid, or no window fits.
 * @example layoutWindows([1, 1, 1, 1, 1, 1], { widthMax: 2, useSideband: true, sidebandWidth: 2 }).lo
 *   // Int32Array [2, 3, 2]: widths 1 and 2 inside bins 2–3
 */
export function layoutWindows(ref: ArrayLike<number>, settings: ScanSettings = {}): WindowLayout {
  const nbins = ref.length;
  let first = -1;
  let end = -1;
  for (let i = 0; i < nbins; i++) {
    const r = ref[i]!;
    if (!(r >= 0) || !Number.isFinite(r)) throw new RangeError(`ref[${i}] must be finite and ≥ 0, got ${r}`);
    if (r > 0) {
      if (first < 0) first = i;
      end = i + 1;
    }
  }
  if (first < 0) throw new RangeError("the reference histogram is empty (no bin with ref > 0)");

  const mode = settings.mode ?? "excess";
  if (mode !== "excess" && mode !== "deficit") throw new RangeError(`unknown mode ${String(mode)}`);
  const widthMin = positiveInt("widthMin", settings.widthMin ?? 1);
  const widthMax = positiveInt("widthMax", settings.widthMax ?? Math.floor(nbins / 2));
  const widthStep = positiveInt("widthStep", settings.widthStep ?? 1);
  if (widthMax < widthMin) throw new RangeError(`widthMax ${widthMax} < widthMin ${widthMin}`);
  const scanStep = settings.scanStep ?? 1;
  if (typeof scanStep === "number") positiveInt("scanStep", scanStep);
  else if (scanStep !== "half" && scanStep !== "full") throw new RangeError(`bad scanStep ${scanStep}`);
  const sideband = settings.useSideband === true;
  const k = settings.sidebandWidth ?? 0;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`sidebandWidth must be an integer ≥ 0, got ${k}`);
  const scanFirst = sideband ? first + k : first;
  const scanEnd = sideband ? end - k : end;

  const widths: number[] = [];
  const starts: number[] = [0];
  const lo: number[] = [];
  const width: number[] = [];
  const beta: number[] = [];
  for (let w = widthMin; w <= widthMax; w += widthStep) {
    const step = scanStep === "full" ? w : scanStep === "half" ? Math.max(1, Math.floor(w / 2)) : scanStep;
    widths.push(w);
    for (let p = scanFirst; p + w <= scanEnd; p += step) {
      lo.push(p);
      width.push(w);
      beta.push(numpySum(ref, p, p + w));
    }
    starts.push(lo.length);
  }
  if (lo.length === 0) {
    const range = Math.max(0, scanEnd - scanFirst);
    const sides = sideband && k > 0 ? ` (${end - first} bins less side-bands of ${k})` : "";
    throw new RangeError(`no window fits: narrowest width ${widthMin} > scan range of ${range} bins${sides}`);
  }
  const refTotal = numpySum(ref, first, end);
  return {
    sideband,
    refTotal,
    mode,
    nbins,
    first,
    end,
    scanFirst,
    scanEnd,
    widths,
    widthStart: Int32Array.from(starts),
    lo: Int32Array.from(lo),
    width: Int32Array.from(width),
    beta: Float64Array.from(beta),
  };
}

/** BumpHunter1D's own setting names, as reference cases and `arena bumphunt --hist` files spell them. */
export interface PyBumpHunterSettings {
  mode?: Mode;
  width_min?: number;
  width_max?: number | null;
  width_step?: number;
  scan_step?: number | "half" | "full";
  use_sideband?: boolean;
  sideband_width?: number | null;
}

/** {@link ScanSettings} from pyBumpHunter's names; `null` (pyBumpHunter's `None`) is the default. */
export function fromPyBumpHunter(s: PyBumpHunterSettings): ScanSettings {
  return {
    mode: s.mode,
    widthMin: s.width_min,
    widthMax: s.width_max,
    widthStep: s.width_step,
    scanStep: s.scan_step,
    useSideband: s.use_sideband,
    sidebandWidth: s.sideband_width ?? undefined,
  };
}
