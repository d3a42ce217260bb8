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
   * the reference outside the window matches the data outside it, β' = β · (D − n) / (R − β), with D
   * and R the data and reference totals over the scan range. Default false.
   */
  useSideband?: boolean;
}

/**
 * Every scan window, in scan order (width by width, then position). `beta` is the reference sum
 * over the window, computed once here so that the data scan and every pseudo-experiment use the
 * very same double.
 */
export interface WindowLayout {
  mode: Mode;
  nbins: number;
  /** First and one-past-last bin with ref > 0 (the trimmed scan range). */
  first: number;
  end: number;
  widths: number[];
  /** Index of the first window of each width in the flat arrays; length widths.length + 1. */
  widthStart: Int32Array;
  lo: Int32Array;
  width: Int32Array;
  beta: Float64Array;
  /** Side-band normalisation on, and the reference total over [first, end) it needs. */
  sideband: boolean;
  refTotal: number;
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  return v;
}

/**
 * Lay out the windows exactly as pyBumpHunter 0.5 `_scan_hist`: widths widthMin, widthMin +
 * widthStep, … ≤ widthMax; for each width w, positions first, first + step, … while the window fits
 * inside [first, end). A width wider than the trimmed range has no window (pyBumpHunter keeps a dummy
 * p = 1 entry for it, which never wins unless nothing fits; here nothing fitting is an error).
 *
 * @throws RangeError when ref has no positive bin, the histogram shapes differ, the settings are
 *   invalid, or no window fits.
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

  const widths: number[] = [];
  const starts: number[] = [0];
  const lo: number[] = [];
  const width: number[] = [];
  const beta: number[] = [];
  for (let w = widthMin; w <= widthMax; w += widthStep) {
    const step = scanStep === "full" ? w : scanStep === "half" ? Math.max(1, Math.floor(w / 2)) : scanStep;
    widths.push(w);
    for (let p = first; p + w <= end; p += step) {
      let b = 0;
      for (let i = p; i < p + w; i++) b += ref[i]!;
      lo.push(p);
      width.push(w);
      beta.push(b);
    }
    starts.push(lo.length);
  }
  if (lo.length === 0) {
    throw new RangeError(`no window fits: narrowest width ${widthMin} > scan range of ${end - first} bins`);
  }
  let refTotal = 0;
  for (let i = first; i < end; i++) refTotal += ref[i]!;
  return {
    sideband: settings.useSideband === true,
    refTotal,
    mode,
    nbins,
    first,
    end,
    widths,
    widthStart: Int32Array.from(starts),
    lo: Int32Array.from(lo),
    width: Int32Array.from(width),
    beta: Float64Array.from(beta),
  };
}
