import { type BinQuadrature, binQuadrature, type DijetParams, MAX_PARAMS, MIN_PARAMS } from "./dijet";
import { type DijetFitConverged, type DijetFitFailed, fitDijet, scoreStatistics } from "./fit";
import { type MaxWindow, maxWindow, type ScanWindows, scanWindows } from "./maxscan";
import { logNormalSurvival, logUpperGamma, significanceFromLogP, windowLogP } from "./pvalue";

/** What one spectrum's analysis needs besides its counts (fixed per box and cut). */
export interface SpectrumContext {
  edges: ArrayLike<number>;
  quad: BinQuadrature;
  windows: ScanWindows;
  /** Nested-model test level for adding a parameter (default 0.05). */
  alphaOrder: number;
  /** Local p below which the search phase excludes the window and refits (default 0.01). */
  searchP: number;
  /** Smallest and largest number of dijet parameters tried (3 and 6). */
  minParams: number;
  maxParams: number;
}

/**
 * CPU seconds this thread spent in background fits and in window scans (for the split that
 * bench:scoring prints); read and reset with {@link takePhaseSeconds}.
 */
const phase = { fits: 0, scans: 0 };

/** The fit and scan seconds since the last call, and reset them. */
export function takePhaseSeconds(): { fits: number; scans: number } {
  const out = { ...phase };
  phase.fits = 0;
  phase.scans = 0;
  return out;
}

function timedFit(...args: Parameters<typeof fitDijet>): ReturnType<typeof fitDijet> {
  const t0 = performance.now();
  try {
    return fitDijet(...args);
  } finally {
    phase.fits += (performance.now() - t0) / 1000;
  }
}

function timedScan(...args: Parameters<typeof maxWindow>): MaxWindow {
  const t0 = performance.now();
  try {
    return maxWindow(...args);
  } finally {
    phase.scans += (performance.now() - t0) / 1000;
  }
}

/** What fixes a cut's fit and scan besides its bins (the same for every cut and every toy). */
export type SpectrumSettings = {
  sqrtS: number;
  widthMin: number;
  widthMax: number;
  alphaOrder: number;
  searchP: number;
  minParams: number;
  maxParams: number;
};

/** The fit and scan context of one cut's bins; null when too few bins are left for a window. */
export function spectrumContext(edges: number[], s: SpectrumSettings): SpectrumContext | null {
  const nbins = edges.length - 1;
  const widthMax = Math.min(s.widthMax, Math.floor(nbins / 2));
  if (widthMax < s.widthMin) return null;
  return {
    edges,
    quad: binQuadrature(edges, s.sqrtS),
    windows: scanWindows(nbins, s.widthMin, widthMax),
    alphaOrder: s.alphaOrder,
    searchP: s.searchP,
    minParams: s.minParams,
    maxParams: s.maxParams,
  };
}

/** χ² survival function Pr[χ²_k ≥ x] (a regularised upper incomplete gamma). */
export function chi2Sf(x: number, k: number): number {
  if (!(x > 0)) return 1;
  return Math.exp(logUpperGamma(k / 2, x / 2));
}

export interface OrderTest {
  /** The smaller and larger model's number of parameters. */
  from: number;
  to: number;
  /**
   * Rao's score statistic of the smaller model's fit against the larger model (asymptotically
   * −2Δln L = deviance(from) − deviance(to)), and its p-value against χ² with to − from degrees.
   */
  statistic: number;
  pvalue: number;
}

export interface OrderChoice {
  nParams: number;
  /** Each order's fit: deviance and ndf, or why it failed. */
  fits: { nParams: number; deviance: number | null; ndf: number | null; failed?: string }[];
  tests: OrderTest[];
  fit: DijetFitConverged;
}

/**
 * SCORING §2 step 2: the smallest order of the dijet family (minParams … maxParams) that no larger one
 * beats at level alphaOrder. Each order is fitted only when the smaller one was beaten (started from
 * its minimum, the new term at 0), and beaten means: Rao's score test against any larger order
 * (scoreStatistics: asymptotically the likelihood-ratio −2Δln L, against χ² with the difference in
 * parameters as degrees of freedom; ATLAS dijet searches use the LR or F form) has p < alphaOrder.
 * The score test needs no fit of the larger model, so the data and every pseudo-experiment can run
 * the whole choice. An order whose fit fails takes no part; when every order is beaten, the largest
 * that converged is kept. Returns null when no order converges.
 */
export function chooseOrder(
  counts: ArrayLike<number>,
  ctx: SpectrumContext,
  exclude: ArrayLike<number> = [],
  start?: DijetParams | DijetFitConverged,
): OrderChoice | null {
  const fits: OrderChoice["fits"] = [];
  const tests: OrderTest[] = [];
  // A converged minParams fit of these very bins (the probe's, when it excluded nothing) is reused.
  const given = start && "status" in start && start.nParams === ctx.minParams ? start : null;
  let from = start && "status" in start ? start.params : start;
  let last: DijetFitConverged | null = null;
  for (let n = ctx.minParams; n <= ctx.maxParams; n++) {
    const f =
      n === ctx.minParams && given
        ? given
        : timedFit(ctx.edges, counts, {
            nParams: n,
            quad: ctx.quad,
            exclude,
            start: from,
            maxIterations: ORDER_FIT_ITERATIONS,
            retry: false,
          });
    if (f.status !== "converged") {
      fits.push({ nParams: n, deviance: null, ndf: null, failed: f.message });
      continue;
    }
    fits.push({ nParams: n, deviance: f.deviance, ndf: f.ndf });
    from = f.params;
    last = f;
    const t0 = performance.now();
    const stats = scoreStatistics(f, counts, ctx.quad, exclude, ctx.maxParams);
    phase.fits += (performance.now() - t0) / 1000;
    let beaten = false;
    stats.forEach((statistic, i) => {
      if (!Number.isFinite(statistic)) return; // a singular information matrix: no test
      const to = n + 1 + i;
      const pvalue = chi2Sf(statistic, to - n);
      tests.push({ from: n, to, statistic, pvalue });
      if (pvalue < ctx.alphaOrder) beaten = true;
    });
    if (!beaten) return { nParams: n, fits, tests, fit: f };
  }
  return last ? { nParams: last.nParams, fits, tests, fit: last } : null;
}

/**
 * Iterations allowed to a fit of a larger order in the order choice. A fit that needs more is crawling
 * along a nearly degenerate valley (see scoreStatistics); it takes no part, for the data and every
 * pseudo-experiment alike, instead of spending 100 iterations and a restart to find that out.
 */
const ORDER_FIT_ITERATIONS = 30;

export type SearchOutcome =
  | {
      ok: true;
      fit: DijetFitConverged;
      /** The excluded bins [first, end) of the final fit; empty when nothing was excluded. */
      excluded: [number, number] | null;
      window: MaxWindow;
      iterations: number;
    }
  | { ok: false; fit: DijetFitFailed };

/** How many times the search phase may exclude, refit and rescan. */
const MAX_SEARCH_ITERATIONS = 8;
/** A bin next to the excluded window joins it while its excess over the refit exceeds this (σ). */
const EDGE_PULL = 2;

/**
 * SCORING §2 step 3, the search phase (as ATLAS dijet searches and FunctionlessFitter's
 * SearchPhase.py): fit; find the most significant excess window; while its local p < searchP,
 * exclude it from the fit, refit and rescan. The excluded bins grow to cover the refit's bump when
 * it spills over their edge (their hull); when the bump lies inside them they grow by one bin on a
 * side whose neighbouring bin still exceeds the refit by more than 2σ (a resonance's tails leak out
 * of its best window and would bend the fit), and stop when neither does. A significant window
 * elsewhere ends the search — it is judged against a fit that already leaves the first candidate
 * out, and chasing it would let the exclusion wander. Never more than half the range is excluded.
 * The refit keeps a real bump from pulling the background up under it.
 */
export function searchPhase(
  counts: ArrayLike<number>,
  ctx: SpectrumContext,
  nParams: number,
  start?: DijetParams | DijetFitConverged,
  initial: [number, number] | null = null,
): SearchOutcome {
  const nbins = ctx.quad.nBins;
  const logSearchP = Math.log(ctx.searchP);
  // A converged fit of these bins with this order and `initial` left out (the order choice's) is the
  // first fit itself: refitting from its minimum would stop at once.
  let fit =
    start && "status" in start && start.nParams === nParams
      ? start
      : timedFit(ctx.edges, counts, {
          nParams,
          quad: ctx.quad,
          start: start && "status" in start ? start.params : start,
          exclude: binsOf(initial),
        });
  if (fit.status !== "converged") return { ok: false, fit };
  let window = timedScan(counts, fit.expected, ctx.windows);
  let excluded: [number, number] | null = initial;
  let iterations = 0;
  while (iterations < MAX_SEARCH_ITERATIONS) {
    const wlo = window.locBin;
    const whi = window.locBin + window.widthBins;
    const significant = window.logP < logSearchP;
    let next: [number, number];
    if (!excluded) {
      if (!significant) break;
      next = [wlo, whi];
    } else if (
      significant &&
      wlo <= excluded[1] &&
      whi >= excluded[0] &&
      (wlo < excluded[0] || whi > excluded[1])
    ) {
      next = [Math.min(excluded[0], wlo), Math.max(excluded[1], whi)]; // the bump spills over: cover it
    } else if (significant && (whi < excluded[0] || wlo > excluded[1])) {
      break; // elsewhere: the search ends
    } else {
      // The bump lies inside: grow into a neighbouring bin that still shows an excess over the refit
      // (a resonance's tails leak out of the best window and would bend the fit).
      const [lo, hi] = excluded;
      const mu = fit.expected;
      const excess = (i: number) => i >= 0 && i < nbins && binPull(counts[i]!, mu[i]!) > EDGE_PULL;
      next = [excess(lo - 1) ? lo - 1 : lo, excess(hi) ? hi + 1 : hi];
      if (next[0] === lo && next[1] === hi) break;
    }
    if (next[1] - next[0] > Math.floor(nbins / 2)) break;
    const refit = timedFit(ctx.edges, counts, {
      nParams,
      quad: ctx.quad,
      exclude: binsOf(next),
      start: fit.params,
    });
    if (refit.status !== "converged") return { ok: false, fit: refit };
    fit = refit;
    excluded = next;
    window = timedScan(counts, fit.expected, ctx.windows);
    iterations++;
  }
  return { ok: true, fit, excluded, window, iterations };
}

/** The bin indices of an excluded window [first, end), or undefined for none. */
function binsOf(e: [number, number] | null): number[] | undefined {
  return e ? Array.from({ length: e[1] - e[0] }, (_, i) => e[0] + i) : undefined;
}

/**
 * Per-bin pulls: each bin's deviation from its fit in σ, from the Poisson tail — Z with
 * Φ̄(Z) = Pr[Poisson(μ) ≥ n] above the fit, −Z with Φ̄(Z) = Pr[Poisson(μ) ≤ n] below it (0 when the
 * tail probability exceeds ½ or μ = 0). For large μ this is (n − μ)/√μ; for the few-event bins of a
 * tight cut it does not turn one extra event into a "5σ" pull, as (n − μ)/√μ does (3 events where
 * 0.3 are expected: 4.9 by the Gaussian formula, 2.7 by the Poisson tail).
 */
export function pulls(counts: ArrayLike<number>, expected: ArrayLike<number>): number[] {
  return Array.from(expected, (mu, i) => binPull(counts[i]!, mu));
}

/** One bin's pull (see {@link pulls}). */
export function binPull(n: number, mu: number): number {
  if (!(mu > 0) || n === mu) return 0;
  const logP = windowLogP(n, mu, n > mu ? "excess" : "deficit");
  if (logP >= Math.log(0.5)) return 0;
  const z = significanceFromLogP(logP);
  return n > mu ? z : -z;
}

/**
 * The goodness-of-fit statistic of a final fit: −ln of the asymptotic χ²(ndf) p-value of its Poisson
 * deviance over the fitted bins. Taking the p-value makes fits with different excluded windows (and
 * so different ndf) comparable; the reported gof p is this statistic's rank among the refitted
 * pseudo-experiments, never the asymptotic number itself.
 */
export function gofStatistic(fit: DijetFitConverged): number {
  if (fit.ndf < 1 || !(fit.deviance > 0)) return 0;
  return -logUpperGamma(fit.ndf / 2, fit.deviance / 2);
}

export type SpectrumAnalysis = {
  /** The probe search phase with the simplest function, and the window it left out. */
  probe: SearchOutcome;
  /** The order choice; null when no order converged. */
  choice: OrderChoice | null;
  /** The final search phase; null when no order could be chosen. */
  search: SearchOutcome | null;
};

/**
 * One spectrum's analysis, the same for the data and every pseudo-experiment (SCORING §2 steps 2–3):
 * a probe search phase with the simplest function (minParams) finds the candidate window; the order
 * is chosen by the nested-model tests with that window left out — a bump must not buy itself the
 * extra parameters that would absorb it; the final search phase runs with that order from the
 * probe's exclusion. `start` starts the probe's fit (a toy starts from the data's probe fit).
 */
export function analyseSpectrum(
  counts: ArrayLike<number>,
  ctx: SpectrumContext,
  start?: DijetParams,
): SpectrumAnalysis {
  const probe = searchPhase(counts, ctx, ctx.minParams, start);
  const excluded = probe.ok ? probe.excluded : null;
  const choice = chooseOrder(
    counts,
    ctx,
    binsOf(excluded) ?? [],
    probe.ok ? (excluded ? probe.fit.params : probe.fit) : start,
  );
  if (!choice) return { probe, choice: null, search: null };
  if (choice.nParams === ctx.minParams && probe.ok) return { probe, choice, search: probe };
  return { probe, choice, search: searchPhase(counts, ctx, choice.nParams, choice.fit, excluded) };
}

/**
 * Where the fitted background density (events per GeV) rises from one bin to the next, the widest
 * such stretch [from, to] in GeV; null when it falls (or stays flat) across the whole range. A dijet
 * spectrum falls; a rising fit means a turn-on inside the range — a trigger, or a cut on a score
 * correlated with the mass (a pT cut makes mjj ≳ 2 pT) — that the search phase would otherwise
 * exclude as a window and report as a bump.
 */
export function risingStretch(
  expected: ArrayLike<number>,
  edges: ArrayLike<number>,
): [number, number] | null {
  let best: [number, number] | null = null;
  let start = -1;
  for (let i = 0; i + 1 < expected.length; i++) {
    const a = expected[i]! / (edges[i + 1]! - edges[i]!);
    const b = expected[i + 1]! / (edges[i + 2]! - edges[i + 1]!);
    if (b > a * (1 + 1e-9)) {
      if (start < 0) start = i;
      if (!best || edges[i + 2]! - edges[start]! > best[1] - best[0]) best = [edges[start]!, edges[i + 2]!];
    } else start = -1;
  }
  return best;
}

/** Why a final fit fails the gate's fixed parts (the gof part needs the toys' ensemble). */
export type GateVeto =
  | { reason: "pull"; bin: number; pull: number }
  | { reason: "rising"; from: number; to: number };

/**
 * SCORING §2 step 4 without the gof test, the same for the data and every pseudo-experiment: the
 * largest |pull| outside the excluded window must not exceed maxPull, and the fitted background must
 * not rise (risingStretch). Returns the first failure, or null; `maxAbsPull` either way.
 */
export function gateVeto(
  counts: ArrayLike<number>,
  outcome: Extract<SearchOutcome, { ok: true }>,
  edges: ArrayLike<number>,
  maxPull: number,
): { veto: GateVeto | null; maxAbsPull: number; worst: number } {
  const mu = outcome.fit.expected;
  const ex = outcome.excluded;
  let maxAbsPull = 0;
  let worst = -1;
  let worstPull = 0;
  for (let i = 0; i < mu.length; i++) {
    if (ex && i >= ex[0] && i < ex[1]) continue;
    const p = binPull(counts[i]!, mu[i]!);
    if (Math.abs(p) > maxAbsPull) {
      maxAbsPull = Math.abs(p);
      worst = i;
      worstPull = p;
    }
  }
  if (maxAbsPull > maxPull)
    return { veto: { reason: "pull", bin: worst, pull: worstPull }, maxAbsPull, worst };
  const rise = risingStretch(mu, edges);
  if (rise) return { veto: { reason: "rising", from: rise[0], to: rise[1] }, maxAbsPull, worst };
  return { veto: null, maxAbsPull, worst };
}

/**
 * gateVeto's verdict alone (null ⇔ `gatePasses`), for the pseudo-experiments, which need nothing
 * else: a bin whose Poisson probability of its very count is already above the tail of a maxPull
 * pull cannot exceed it — ln Pr[N = n] ≥ −(n ln(n/μ) − n + μ) − ½ ln(2πn) − 1/(12n) (Stirling's
 * upper bound on ln n!), and the one-sided tail of the pull holds Pr[N = n] — so only the bins this
 * bound cannot clear get the incomplete gamma function of binPull.
 */
export function gatePasses(
  counts: ArrayLike<number>,
  outcome: Extract<SearchOutcome, { ok: true }>,
  edges: ArrayLike<number>,
  maxPull: number,
): boolean {
  const mu = outcome.fit.expected;
  const ex = outcome.excluded;
  const threshold = logNormalSurvival(maxPull) + 1e-9;
  for (let i = 0; i < mu.length; i++) {
    if (ex && i >= ex[0] && i < ex[1]) continue;
    const n = counts[i]!;
    const m = mu[i]!;
    if (!(m > 0) || n === m) continue;
    const bound =
      n === 0 ? -m : -(n * Math.log(n / m) - n + m) - 0.5 * Math.log(2 * Math.PI * n) - 1 / (12 * n);
    if (bound >= threshold) continue;
    if (Math.abs(binPull(n, m)) > maxPull) return false;
  }
  return risingStretch(mu, edges) === null;
}

export { MAX_PARAMS, MIN_PARAMS };
