import type { DijetParams } from "./dijet";
import { mergeBins, mergedEdges } from "./merge";
import { ToyStream } from "@/core/rng/philox";
import { PoissonSampler } from "./poisson";
import {
  analyseSpectrum,
  gatePasses,
  gofStatistic,
  type SpectrumSettings,
  spectrumContext,
  takePhaseSeconds,
} from "./search";

/**
 * Everything a refitted, nested pseudo-experiment needs (plain data: it crosses to worker threads).
 * `cuts` are the data's cuts that have a fit, loosest first, each with the order the data chose
 * and the data's final fit (start values and its background prediction).
 */
export interface NestedToyPlan {
  /** The configured bins: toys are drawn in these, nested across the cuts. */
  edges: number[];
  settings: SpectrumSettings;
  /** The gate's largest |pull| outside the excluded window (SCORING §2 step 4). */
  maxPull: number;
  /**
   * `background` in the configured bins; `bounds` groups them into the cut's own (merge.ts).
   * `probeStart` starts each toy's fits (the data's probe fit: toys fluctuate about it).
   * `analyse: false` (a cut whose data the gate's fixed parts rejected): the cut's toys are drawn,
   * because the tighter cuts are nested in it, but not analysed — no p-value of a rejected cut is
   * ever used; their t is NaN.
   */
  cuts: {
    probeStart: DijetParams;
    background: number[];
    bounds: number[];
    analyse?: boolean;
  }[];
}

/**
 * Per toy and cut: the statistic t = −ln(min window p), the gof statistic, and whether the gate's
 * fixed parts (fit converged, pulls, no rise) rejected the toy's background model — the gof part
 * needs the whole ensemble and is applied by the caller. t and gof are +∞ when a fit failed, NaN for
 * a cut not analysed.
 */
export interface NestedToyResult {
  /** [cut][toy], flattened cut-major: t[k * count + (j − from)]. */
  t: Float64Array;
  gof: Float64Array;
  /** 1 where the toy's model failed the gate's fixed parts (or its fit failed), else 0. */
  veto: Uint8Array;
  /** How many toy-cuts chose each number of dijet parameters, minParams first. */
  orders: number[];
  /** Thread seconds in the toys' fits and scans. */
  seconds: { fits: number; scans: number };
}

/**
 * The Poisson means of the nested toys: the loosest cut's from its fit, each tighter one thinned by
 * r_k = b̂_k / b̂_{k−1} (clamped to 1, so a tighter cut never expects more than the looser one),
 * λ_k = λ_{k−1} · min(1, r_k). Where nothing is clamped λ_k = b̂_k.
 */
export function nestedMeans(backgrounds: ArrayLike<number>[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (let k = 0; k < backgrounds.length; k++) {
    const b = backgrounds[k]!;
    if (k === 0) {
      out.push(Float64Array.from(b));
      continue;
    }
    const prevB = backgrounds[k - 1]!;
    const prev = out[k - 1]!;
    out.push(Float64Array.from(b, (bk, i) => (prevB[i]! > 0 ? prev[i]! * Math.min(1, bk / prevB[i]!) : 0)));
  }
  return out;
}

/**
 * Pseudo-experiments j = from … to − 1 of SCORING §2's hypertest. Toy j's counts depend only on
 * (seed, j): the nested spectra are drawn as binomial thinning of Poisson counts, which is the same
 * joint law as independent Poisson increments — the tightest cut n_K ~ Poisson(λ_K), then
 * n_{k} = n_{k+1} + Poisson(λ_k − λ_{k+1}) — and that is how they are drawn. Each cut of each toy is
 * then analysed exactly as the data were (analyseSpectrum: the probe search phase, the function order
 * chosen by the nested-model tests with the probe's window left out, the final search phase) and
 * gated like the data (gateVeto). Fixing the order to the data's choice instead makes the p-values
 * conservative: the data's order passed the tests, so its fit is better than that of toys for which
 * the same tests would have asked for more parameters.
 */
export function runNestedToys(plan: NestedToyPlan, seed: number, from: number, to: number): NestedToyResult {
  const count = Math.max(0, to - from);
  const nCuts = plan.cuts.length;
  const t = new Float64Array(nCuts * count);
  const gof = new Float64Array(nCuts * count);
  const veto = new Uint8Array(nCuts * count);
  const orders = new Array<number>(plan.settings.maxParams - plan.settings.minParams + 1).fill(0);
  if (nCuts === 0) return { t, gof, veto, orders, seconds: { fits: 0, scans: 0 } };
  takePhaseSeconds();
  const nbins = plan.edges.length - 1;
  const contexts = plan.cuts.map((c) => {
    const ctx = spectrumContext(mergedEdges(plan.edges, c.bounds), plan.settings);
    if (!ctx) throw new RangeError("a cut with too few bins for a scan window has no toys");
    return ctx;
  });
  const lambda = nestedMeans(plan.cuts.map((c) => c.background));
  // Increment samplers, tightest cut first: Poisson(λ_K), then Poisson(λ_k − λ_{k+1}).
  const samplers: PoissonSampler[][] = [];
  for (let k = nCuts - 1; k >= 0; k--) {
    const next = k + 1 < nCuts ? lambda[k + 1]! : null;
    samplers.push(
      Array.from(lambda[k]!, (l, i) => new PoissonSampler(Math.max(0, l - (next ? next[i]! : 0)))),
    );
  }
  const stream = new ToyStream(seed);
  const counts = Array.from({ length: nCuts }, () => new Float64Array(nbins));
  for (let j = from; j < to; j++) {
    stream.reset(j);
    for (let s = 0; s < nCuts; s++) {
      const k = nCuts - 1 - s;
      const row = counts[k]!;
      const below = k + 1 < nCuts ? counts[k + 1]! : null;
      const draw = samplers[s]!;
      for (let i = 0; i < nbins; i++) row[i] = (below ? below[i]! : 0) + draw[i]!.sample(stream);
    }
    for (let k = 0; k < nCuts; k++) {
      const cut = plan.cuts[k]!;
      if (cut.analyse === false) {
        const at = k * count + (j - from);
        t[at] = Number.NaN;
        gof[at] = Number.NaN;
        veto[at] = 1;
        continue;
      }
      const ctx = contexts[k]!;
      const merged = mergeBins(counts[k]!, cut.bounds);
      const out = analyseSpectrum(merged, ctx, cut.probeStart).search;
      const at = k * count + (j - from);
      if (out?.ok) {
        t[at] = -out.window.logP;
        gof[at] = gofStatistic(out.fit);
        veto[at] = gatePasses(merged, out, ctx.edges, plan.maxPull) ? 0 : 1;
        orders[out.fit.nParams - plan.settings.minParams]!++;
      } else {
        t[at] = Number.POSITIVE_INFINITY;
        gof[at] = Number.POSITIVE_INFINITY;
        veto[at] = 1;
      }
    }
  }
  return { t, gof, veto, orders, seconds: takePhaseSeconds() };
}
