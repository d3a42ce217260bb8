import gammaln from "@stdlib/math-base-special-gammaln";
import { ToyStream } from "@/core/rng/philox";
import { PoissonSampler } from "./poisson";
import { windowLogP } from "./pvalue";
import { effectiveBeta, sidebandLogP } from "./scan";
import { layoutWindows, type ScanSettings, type WindowLayout } from "./windows";

/**
 * Everything a pseudo-experiment needs, computed once per background. Because every toy is drawn from
 * the same background, each window's β is fixed, so t(n) = −ln p(n, β) is tabulated per window for
 * the counts that matter: excess n ∈ (β, β + 5√β + 10], deficit n ∈ [β − 5√β − 10, β). Counts
 * outside a table are evaluated directly (p = 1 is a comparison; the far tail is rare).
 *
 * The tables are filled by a stable recurrence (sums of positive Poisson terms from one exact
 * windowLogP value), within 2.5e-10 of it in t on the reference background, but not bit-identical to {@link windowLogP}; so a toy's
 * maximum is re-evaluated exactly on every window within {@link SCREEN} of the tabulated maximum.
 * A toy's t is therefore exactly what `scan` would return for the same counts.
 */
export interface ToyPlan {
  layout: WindowLayout;
  /** Background bins with b > 0 and their samplers. */
  bins: Int32Array;
  samplers: PoissonSampler[];
  /** The tables of all windows, one after another. */
  tab: Float64Array;
  /** Integer views for the toy loop: first count in the table, one past the last, and tab index of count 0. */
  tabFirst: Int32Array;
  tabEnd: Int32Array;
  tabBase: Int32Array;
  /**
   * For each window, the largest t of every group of GROUP consecutive table entries, rounded up to
   * float32: a bound small enough to stay in cache (1/64 of `tab`), so a toy only reads `tab` itself
   * for windows that may be near its maximum. t is monotone in n, so a group's largest t is at an end.
   */
  groupMax: Float32Array;
  groupOff: Int32Array;
}

/** Table entries per `groupMax` bound: 2^GROUP_SHIFT. */
const GROUP_SHIFT = 5;
const GROUP = 1 << GROUP_SHIFT;

/** Table reach in σ: a toy's count lands beyond it about once in 3·10⁶ windows (then computed exactly). */
const SIGMAS = 5;
/** Screening margin in t: 40× the largest table error measured on the reference background. */
const SCREEN = 1e-8;
/** Table ends are kept where ln p > −600, so the linear-space recurrence cannot underflow. */
const LOG_P_FLOOR = -600;

export function planToys(background: ArrayLike<number>, settings: ScanSettings = {}): ToyPlan {
  return planFromLayout(layoutWindows(background, settings), background);
}

export function planFromLayout(layout: WindowLayout, background: ArrayLike<number>): ToyPlan {
  const nw = layout.lo.length;
  const tabFirst = new Int32Array(nw); // the first count of each window's table (an integer)
  const tabLen = new Int32Array(nw);
  const tabOff = new Int32Array(nw + 1);
  const chunks: Float64Array[] = [];
  for (let w = 0; w < nw; w++) {
    // With side-band normalisation β depends on each toy's counts: nothing to tabulate.
    const t = layout.sideband
      ? { lo: 0, values: new Float64Array(0) }
      : tabulate(layout.beta[w]!, layout.mode);
    tabFirst[w] = t.lo;
    tabLen[w] = t.values.length;
    tabOff[w + 1] = tabOff[w]! + t.values.length;
    chunks.push(t.values);
  }
  const tab = new Float64Array(tabOff[nw]!);
  for (let w = 0; w < nw; w++) tab.set(chunks[w]!, tabOff[w]!);
  const bins: number[] = [];
  const samplers: PoissonSampler[] = [];
  for (let i = layout.first; i < layout.end; i++) {
    if (background[i]! > 0) {
      bins.push(i);
      samplers.push(new PoissonSampler(background[i]!));
    }
  }
  const groupOff = new Int32Array(nw + 1);
  for (let w = 0; w < nw; w++) groupOff[w + 1] = groupOff[w]! + Math.ceil(tabLen[w]! / GROUP);
  const groupMax = new Float32Array(groupOff[nw]!);
  for (let w = 0; w < nw; w++) {
    const off = tabOff[w]!;
    const len = tabLen[w]!;
    for (let g = 0; g * GROUP < len; g++) {
      const a = tab[off + g * GROUP]!;
      const b = tab[off + Math.min(len, (g + 1) * GROUP) - 1]!;
      groupMax[groupOff[w]! + g] = roundUpF32(Math.max(a, b));
    }
  }
  const tabEnd = tabFirst.map((l, w) => l + tabLen[w]!);
  const tabBase = tabFirst.map((l, w) => tabOff[w]! - l);
  return {
    layout,
    bins: Int32Array.from(bins),
    samplers,
    tab,
    tabFirst,
    tabEnd,
    tabBase,
    groupMax,
    groupOff,
  };
}

/** The smallest float32 ≥ x (an upper bound survives the rounding to float32). */
function roundUpF32(x: number): number {
  const f = Math.fround(x);
  if (f >= x) return f;
  const bits = new Float32Array([f]);
  const int = new Int32Array(bits.buffer);
  int[0]! += f >= 0 ? 1 : -1;
  return bits[0]!;
}

/** t(n) for the counts where p < 1, by summing Poisson terms away from the exact far end. */
function tabulate(beta: number, mode: "excess" | "deficit"): { lo: number; values: Float64Array } {
  const spread = Math.floor(SIGMAS * Math.sqrt(beta)) + 10;
  if (mode === "excess") {
    if (!(beta > 0)) return { lo: 0, values: new Float64Array(0) };
    const lo = Math.floor(beta) + 1;
    let hi = lo + spread;
    while (hi > lo && windowLogP(hi, beta, mode) < LOG_P_FLOOR) hi = lo + ((hi - lo) >> 1);
    const values = new Float64Array(hi - lo + 1);
    // P(n) = P(n + 1) + pmf(n),  pmf(n − 1) = pmf(n) · n / β
    let p = Math.exp(windowLogP(hi, beta, mode));
    let pmf = Math.exp((hi - 1) * Math.log(beta) - beta - gammaln(hi));
    values[hi - lo] = -Math.log(p);
    for (let n = hi - 1; n >= lo; n--) {
      p += pmf;
      values[n - lo] = -Math.log(p);
      pmf *= n / beta;
    }
    return { lo, values };
  }
  const hi = Math.ceil(beta) - 1;
  if (hi < 0) return { lo: 0, values: new Float64Array(0) };
  let lo = Math.max(0, hi - spread);
  while (lo < hi && windowLogP(lo, beta, mode) < LOG_P_FLOOR) lo = hi - ((hi - lo) >> 1);
  const values = new Float64Array(hi - lo + 1);
  // F(n) = F(n − 1) + pmf(n),  pmf(n + 1) = pmf(n) · β / (n + 1)
  let f = Math.exp(windowLogP(lo, beta, mode));
  let pmf = Math.exp((lo + 1) * Math.log(beta) - beta - gammaln(lo + 2));
  values[0] = -Math.log(f);
  for (let n = lo + 1; n <= hi; n++) {
    f += pmf;
    values[n - lo] = -Math.log(f);
    pmf *= beta / (n + 1);
  }
  return { lo, values };
}

/**
 * Maximum test statistic t_j = −ln(min window p) of pseudo-experiments j = from … to − 1, each drawn
 * as independent Poisson(b_i) per bin from the stream (seed, j): the result for toy j depends only
 * on (seed, j), never on how toys are split between threads.
 *
 * @param onCounts optional hook receiving each toy's counts (for tests).
 */
export function runToys(
  plan: ToyPlan,
  seed: number,
  from: number,
  to: number,
  onCounts?: (j: number, counts: Float64Array) => void,
): Float64Array {
  const { layout, bins, samplers, tab, tabFirst, tabEnd, tabBase, groupMax, groupOff } = plan;
  const { lo, width, beta, mode } = layout;
  const excess = mode === "excess";
  const nw = lo.length;
  const nb = bins.length;
  const nbins = layout.nbins;
  const stream = new ToyStream(seed);
  const counts = new Float64Array(nbins);
  // Counts are whole numbers below 2^31: integer prefix sums keep the window counts small integers.
  const prefix = new Int32Array(nbins + 1);
  const candW = new Int32Array(64);
  const out = new Float64Array(Math.max(0, to - from));
  for (let j = from; j < to; j++) {
    stream.reset(j);
    for (let k = 0; k < nb; k++) counts[bins[k]!] = samplers[k]!.sample(stream);
    onCounts?.(j, counts);
    if (layout.sideband) {
      // Exact scan with per-toy β (about 1 µs a window instead of a table lookup).
      out[j - from] = sidebandT(counts, layout);
      continue;
    }
    for (let i = 0; i < nbins; i++) prefix[i + 1] = prefix[i]! + counts[i]!;

    // Screening pass: tabulated t, remembering every window within SCREEN of the running maximum.
    // Counts on the p = 1 side of a table (n ≤ β for excesses, n ≥ β for deficits) have t = 0.
    let best = 0;
    let nc = 0;
    let overflow = false;
    for (let w = 0; w < nw; w++) {
      const l = lo[w]!;
      const n = prefix[l + width[w]!]! - prefix[l]!;
      if (excess ? n < tabFirst[w]! : n >= tabEnd[w]!) continue;
      let t: number;
      if (n >= tabFirst[w]! && n < tabEnd[w]!) {
        // A window whose group bound is already below the running maximum cannot be a candidate.
        if (groupMax[groupOff[w]! + ((n - tabFirst[w]!) >> GROUP_SHIFT)]! < best - SCREEN) continue;
        t = tab[tabBase[w]! + n]!;
      } else t = -windowLogP(n, beta[w]!, mode);
      if (t <= 0 || t < best - SCREEN) continue;
      if (t > best + SCREEN) nc = 0;
      if (t > best) best = t;
      if (nc < candW.length) candW[nc++] = w;
      else overflow = true;
    }

    // Exact pass over the candidates (or over everything when the candidate list overflowed).
    let exact = 0;
    const m = overflow ? nw : nc;
    for (let c = 0; c < m; c++) {
      const w = overflow ? c : candW[c]!;
      const l = lo[w]!;
      const n = prefix[l + width[w]!]! - prefix[l]!;
      const t = -windowLogP(n, beta[w]!, mode);
      if (t > exact) exact = t;
    }
    out[j - from] = exact;
  }
  return out;
}

/**
 * The largest t = −ln p over all windows of one toy, with side-band normalised references: each toy
 * is normalised with its own D and window counts n, as pyBumpHunter's `bump_scan` passes every
 * pseudo-experiment through the same `_scan_hist` as the data. Exactly `scan(counts, …).t`.
 */
function sidebandT(counts: Float64Array, layout: WindowLayout): number {
  const beta = effectiveBeta(counts, layout);
  let best = 0;
  for (let w = 0; w < beta.length; w++) {
    let n = 0;
    for (let i = layout.lo[w]!; i < layout.lo[w]! + layout.width[w]!; i++) n += counts[i]!;
    const t = -sidebandLogP(n, beta[w]!, layout.mode);
    if (t > best) best = t;
  }
  return best;
}
