import type { ComputeDevice, DeviceDescription } from "@/scorer/compute/device";
import {
  binQuadrature,
  DEFAULT_SQRT_S,
  type DijetParams,
  dijetBinIntegrals,
  MAX_PARAMS,
  MIN_PARAMS,
} from "./dijet";
import type { DijetFitConverged } from "./fit";
import { scanWindows } from "./maxscan";
import { concatNestedToys, runNestedToysOnDevice } from "./gpu/run-nested";
import type { NestedToyPlan, NestedToyResult } from "./nested-toys";
import { defaultWidthMax } from "./scoring-config";
import { significanceFromLogP } from "./pvalue";
import {
  chi2Sf,
  gateVeto,
  gofStatistic,
  type OrderChoice,
  type OrderTest,
  pulls,
  type SearchOutcome,
  type SpectrumSettings,
  analyseSpectrum,
  spectrumContext,
  takePhaseSeconds,
} from "./search";
import { mergeBins, mergedEdges, tailGroups } from "./merge";
import { histogram, topSelector } from "./select";
import { fitTail, tailLogP } from "./tail";

/** SCORING §2 v2's scoring config, as the scorer takes it (lib/submissions/scoring-config.ts parses a box's). */
export type DiscoveryConfig = {
  /** Mass bin edges in GeV: the fit range [edges[0], edges[last]] and its binning. */
  edges: number[];
  /** Cut efficiencies ε (default 1, 0.1, 0.01, 0.001). */
  cutEfficiencies?: number[];
  sqrtS?: number;
  /** Scan widths in bins (default 2 and {@link defaultWidthMax}). */
  scan?: { widthMin?: number; widthMax?: number };
  /** Pseudo-experiments, each refitted (default 10 000). */
  npe?: number;
  /**
   * On a GPU: while a cut that passed the gate has fewer than 10 toys at or beyond its observed t,
   * run ten times as many toys, up to this many (default 10⁶; SCORING §2 "beyond the toys"). The CPU
   * extrapolates the tail instead.
   */
  maxNpe?: number;
  /** Where the pseudo-experiments run (default: the process's device, ARENA_DEVICE). */
  device?: ComputeDevice;
  seed?: number;
  threads?: number;
  /** Goodness-of-fit gate level (default 0.01). */
  alphaGof?: number;
  /** Nested-model test level for adding a dijet parameter (default 0.05). */
  alphaOrder?: number;
  /** Local p below which the search phase excludes the window and refits (default 0.01). */
  searchP?: number;
  /** Largest |pull| allowed outside the excluded window (default 4). */
  maxPull?: number;
  /** Dijet parameters tried (default 3 … 6). */
  minParams?: number;
  maxParams?: number;
};

export type ModelReport = {
  /** Parameters of the chosen dijet function and the nested-model tests that chose it. */
  nParams: number;
  orderTests: OrderTest[];
  /** The window (GeV) the tests left out: the probe search phase's candidate, or null. */
  orderExcluded: null | { loEdge: number; hiEdge: number };
  orderFits: OrderChoice["fits"];
  params: DijetParams;
  errors: DijetParams;
  deviance: number;
  chi2: number;
  ndf: number;
  chi2PerNdf: number;
  /**
   * The deviance's p-value among the refitted pseudo-experiments; null when there were none, and for
   * a cut the gate's fixed parts already rejected (a pull or a rising fit: its toys are not analysed).
   */
  gofPvalue: number | null;
  /** The same from the asymptotic χ²(ndf) law (for reference only: the gate uses gofPvalue). */
  gofAsymptoticP: number;
  /** Largest |pull| outside the excluded window. */
  maxAbsPull: number;
  /** The bins the final fit left out (search phase), with their edges in GeV. */
  excluded: null | { firstBin: number; endBin: number; loEdge: number; hiEdge: number };
  searchIterations: number;
};

export type Rejection = {
  reason: "fit-failed" | "goodness-of-fit" | "pull" | "rising";
  message: string;
};

export type CutResult = {
  efficiency: number;
  selected: number;
  /** Selected events whose mass falls inside the bin edges. */
  inRange: number;
  /** "rejected": the background model does not describe this spectrum — no Z, no bump (SCORING §2 step 4). */
  status: "ok" | "rejected";
  rejection?: Rejection;
  /** The final background fit; null when no order converged. */
  model: ModelReport | null;
  /** Selected events per mass bin (the histogram that was fitted and scanned). */
  counts: number[];
  /**
   * The cut's bin edges (GeV): the configured ones with the sparse upper tail merged until each
   * merged bin holds ≥ 10 events (merge.ts); counts, background and pulls refer to these.
   */
  edges: number[];
  /** Background per bin from the final fit, and each bin's pull in σ (Poisson tail, search.ts). */
  background?: number[];
  pulls?: number[];
  bump: null | {
    loEdge: number;
    hiEdge: number;
    locBin: number;
    widthBins: number;
    observed: number;
    expected: number;
    excess: number;
    local: { pvalue: number; t: number; significance: number };
    global: {
      npe: number;
      /** Toys whose background model passed the gate: the p-value is taken among these. */
      passed: number;
      /** Passing toys with t ≥ t_obs. */
      nGe: number;
      pvalue: number;
      /** ln p: finite where p itself underflows to 0 (a bump far beyond 30σ). */
      logPvalue: number;
      significance: number;
      /** p from the exponential tail of the toys' t (fewer than 10 toys reached t_obs). */
      extrapolated: boolean;
    };
  };
  seconds: number;
};

export type DiscoverySummary = {
  /** The cut with the smallest per-cut global p among those that passed the gate. */
  efficiency: number;
  /** Look-elsewhere-corrected over the cuts that passed the gate. */
  pvalue: number;
  /** ln p: finite where p underflows to 0. */
  logPvalue: number;
  globalSignificance: number;
  extrapolated: boolean;
  /** Its bump centre (GeV). */
  claimedMass: number;
  /** The cut efficiencies that passed the gate (the look-elsewhere effect runs over these). */
  cuts: number[];
};

export type DiscoveryResult = {
  /** Version of SCORING §2 these numbers follow. */
  method: 2;
  cuts: CutResult[];
  /** Null when every cut's background model was rejected (`summaryReason` says so). */
  summary: DiscoverySummary | null;
  summaryReason?: string;
  /** Preselected events (finite mass) the cuts were taken from. */
  preselected: number;
  npe: number;
  /** Toy fits that failed, over every cut (rejected by the gate, as the data would be). */
  failedToyFits: number;
  /**
   * Every toy chooses its function order by the data's nested-model tests (SCORING §2 lets the order
   * be fixed to the data's; that makes the p-values conservative, see nested-toys.ts).
   */
  toyOrder: "chosen per toy";
  /** How many toy-cuts chose 3, 4, … parameters. */
  toyOrders: number[];
  /** Where the pseudo-experiments ran. */
  device: DeviceDescription;
  /** The configured bin edges (GeV); each cut's own (tail merged) are in `cuts[k].edges`. */
  edges: number[];
  /**
   * Seconds: the data's analysis (`data`: selection, fits and scans) and the pseudo-experiments
   * (`toys`, wall clock); `fits` and `scans` are the thread seconds in background fits and window
   * scans, data and toys together, summed over the threads.
   */
  timings: { data: number; toys: number; fits: number; scans: number; total: number };
};

/** Fewer toys than this at or beyond the observed t: extrapolate the tail. */
const MIN_TOYS_IN_TAIL = 10;

type DataCut = {
  efficiency: number;
  selected: number;
  /** Counts in the cut's bins: the configured ones with the sparse upper tail merged. */
  counts: Float64Array;
  edges: number[];
  bounds: number[];
  choice: OrderChoice | null;
  search: SearchOutcome | null;
  /** The probe search phase (simplest function) and the window it left out while the order was chosen. */
  probe: SearchOutcome | null;
  probeExcluded: [number, number] | null;
  seconds: number;
};

/**
 * SCORING §2 version 2, the truth-free discovery significance. For every cut efficiency ε (loosest
 * first) keep the ⌈ε·N⌉ most anomalous preselected events (mass finite), histogram their mass, choose
 * the dijet function's order by nested-model tests, run the search phase (exclude a significant
 * window and refit), then gate the final fit (gof p from the toys ≥ alphaGof, no |pull| > maxPull
 * outside the window). Pseudo-experiments are nested over the cuts and every one is refitted and
 * searched like the data (nested-toys.ts). The summary is the smallest per-cut global p over the
 * cuts that passed the gate, corrected for the choice among cuts with the same toys.
 *
 * @param mass per event; NaN for events that fail the box's preselection.
 * @throws RangeError on mismatched inputs or bad edges/settings.
 */
export async function discovery(
  scores: ArrayLike<number>,
  mass: ArrayLike<number>,
  config: DiscoveryConfig,
): Promise<DiscoveryResult> {
  if (scores.length !== mass.length) {
    throw new RangeError(`scores (${scores.length}) and masses (${mass.length}) differ in length`);
  }
  const t0 = performance.now();
  takePhaseSeconds();
  const edges = [...config.edges];
  const sqrtS = config.sqrtS ?? DEFAULT_SQRT_S;
  const npe = config.npe ?? 10_000;
  const alphaGof = config.alphaGof ?? 0.01;
  const maxPull = config.maxPull ?? 4;
  binQuadrature(edges, sqrtS); // checks the edges
  const widthMin = config.scan?.widthMin ?? 2;
  const widthMax = config.scan?.widthMax ?? defaultWidthMax(edges, widthMin);
  scanWindows(edges.length - 1, widthMin, widthMax); // checks the widths
  const settings: SpectrumSettings = {
    sqrtS,
    widthMin,
    widthMax,
    alphaOrder: config.alphaOrder ?? 0.05,
    searchP: config.searchP ?? 0.01,
    minParams: config.minParams ?? MIN_PARAMS,
    maxParams: config.maxParams ?? MAX_PARAMS,
  };
  if (
    !(
      settings.minParams >= MIN_PARAMS &&
      settings.maxParams <= MAX_PARAMS &&
      settings.minParams <= settings.maxParams
    )
  )
    throw new RangeError(`dijet parameters must lie in ${MIN_PARAMS}–${MAX_PARAMS}`);

  // Preselection: events with a finite mass. Selection then runs over their scores only.
  const pre: number[] = [];
  for (let i = 0; i < mass.length; i++) if (Number.isFinite(mass[i]!)) pre.push(i);
  const preMass = Float64Array.from(pre, (i) => mass[i]!);
  const selectTop = pre.length > 0 ? topSelector(Float64Array.from(pre, (i) => scores[i]!)) : null;

  const efficiencies = [...(config.cutEfficiencies ?? [1, 0.1, 0.01, 0.001])].sort((a, b) => b - a);
  const data: DataCut[] = [];
  for (const efficiency of efficiencies) {
    const c0 = performance.now();
    const kept = selectTop ? selectTop(efficiency) : new Int32Array(0);
    const fine = histogram(preMass, kept, edges);
    const bounds = tailGroups(fine, MIN_TAIL_COUNT);
    const cutEdges = mergedEdges(edges, bounds);
    const counts = mergeBins(fine, bounds);
    const ctx = spectrumContext(cutEdges, settings);
    const a = ctx ? analyseSpectrum(counts, ctx) : null;
    const choice = {
      choice: a?.choice ?? null,
      search: a?.search ?? null,
      probe: a?.probe ?? null,
      probeExcluded: a?.probe.ok ? a.probe.excluded : null,
    };
    data.push({
      efficiency,
      selected: kept.length,
      counts,
      edges: cutEdges,
      bounds,
      ...choice,
      seconds: (performance.now() - c0) / 1000,
    });
  }
  const tData = (performance.now() - t0) / 1000;
  const dataPhase = takePhaseSeconds();

  // Pseudo-experiments over the cuts that have a final fit.
  const fitted = data.filter((d) => d.search?.ok);
  const plan: NestedToyPlan = {
    edges,
    settings,
    maxPull,
    cuts: fitted.map((d) => {
      const s = d.search as Extract<SearchOutcome, { ok: true }>;
      // The toys are drawn in the configured bins (nested across cuts), then merged as the data were.
      const background = Array.from(dijetBinIntegrals(edges, s.fit.params, sqrtS));
      const probe = d.probe?.ok ? d.probe.fit.params : s.fit.params;
      // A cut the gate's fixed parts reject (a pull, a rising fit) never gets a p-value: its toys
      // are drawn for the nesting but not analysed (most of the toys' time is their fits).
      const analyse = gateVeto(d.counts, s, d.edges, maxPull).veto === null;
      return { probeStart: probe, background, bounds: d.bounds, analyse };
    }),
  };
  const t1 = performance.now();
  const seed = config.seed ?? 0;
  const maxNpe = Math.max(npe, config.maxNpe ?? 1_000_000);
  const run =
    fitted.length > 0 && npe > 0
      ? await runNestedToysOnDevice(plan, seed, npe, config.threads ?? 1, config.device)
      : null;
  let toys: NestedToyResult | null = run?.toys ?? null;
  let total = toys ? npe : 0;
  let cuts: CutResult[];
  let ensembles: (ToyEnsemble | null)[];
  try {
    for (;;) {
      ({ cuts, ensembles } = gateAndCount(data, fitted, plan, toys, total, { alphaGof, maxPull }));
      // SCORING §2 "beyond the toys": where the device allows, more toys before any extrapolation.
      const short = cuts.some((c) => c.status === "ok" && c.bump && c.bump.global.nGe < MIN_TOYS_IN_TAIL);
      if (!(run?.more && toys && short && total < maxNpe)) break;
      const next = Math.min(maxNpe, total * 10);
      toys = concatNestedToys(toys, await run.more(total, next), plan.cuts.length);
      total = next;
    }
  } finally {
    run?.close();
  }
  const tToys = (performance.now() - t1) / 1000;

  let failedToyFits = 0;
  if (toys) for (const v of toys.t) if (v === Number.POSITIVE_INFINITY) failedToyFits++;

  const summary = summarise(cuts, ensembles);
  return {
    method: 2,
    cuts,
    summary: summary.summary,
    ...(summary.reason ? { summaryReason: summary.reason } : {}),
    preselected: pre.length,
    npe: toys ? total : npe,
    failedToyFits,
    toyOrder: "chosen per toy",
    toyOrders: toys?.orders ?? [],
    device: run?.device ?? { device: "cpu" },
    edges,
    timings: {
      data: tData,
      toys: tToys,
      fits: dataPhase.fits + (toys?.seconds.fits ?? 0),
      scans: dataPhase.scans + (toys?.seconds.scans ?? 0),
      total: (performance.now() - t0) / 1000,
    },
  };
}

/**
 * Each cut's toys (null for a cut without a final fit, or one the gate's fixed parts rejected),
 * gated like the data, and each cut's result against them.
 */
function gateAndCount(
  data: DataCut[],
  fitted: DataCut[],
  plan: NestedToyPlan,
  toys: NestedToyResult | null,
  npe: number,
  gate: { alphaGof: number; maxPull: number },
): { cuts: CutResult[]; ensembles: (ToyEnsemble | null)[] } {
  const ensembles = data.map((d) => {
    const k = fitted.indexOf(d);
    if (!toys || k < 0 || plan.cuts[k]!.analyse === false) return null;
    const slice = <T extends Float64Array | Uint8Array>(a: T) => a.subarray(k * npe, (k + 1) * npe) as T;
    return toyEnsemble(slice(toys.t), slice(toys.gof), slice(toys.veto), gate.alphaGof);
  });
  return { cuts: data.map((d, i) => cutResult(d, ensembles[i]!, gate)), ensembles };
}

/** Events a merged tail bin holds at least (merge.ts). */
export const MIN_TAIL_COUNT = 10;

function rankP(count: number, npe: number): number {
  return (1 + count) / (1 + npe);
}

/**
 * One cut's pseudo-experiments, gated as the data are: a toy whose background model the gate rejects
 * (its fit failed, a pull or a rise — `veto` — or its gof statistic's rank among the toys below
 * alphaGof) takes no part in the p-values. The data's p is conditional on its model passing the gate,
 * so the toys' must be too: rejected toys have badly fitted spectra and large t, and counting them
 * makes the p-values conservative.
 */
export type ToyEnsemble = {
  t: Float64Array;
  /** The gof statistic of every toy (the data's gof p is its rank among all of them). */
  gof: Float64Array;
  /** 1 where the toy passed the whole gate. */
  pass: Uint8Array;
  passed: number;
};

export function toyEnsemble(
  t: Float64Array,
  gof: Float64Array,
  veto: Uint8Array,
  alphaGof: number,
): ToyEnsemble {
  const n = t.length;
  // A toy's gof p is its rank among the toys, as the data's is: #{i: gof_i ≥ gof_j} / n.
  const pass = new Uint8Array(n);
  let passed = 0;
  descendingRanks(gof, Array.from(gof.keys()), (j, rank) => {
    if (rank / n >= alphaGof && !veto[j] && Number.isFinite(t[j]!)) {
      pass[j] = 1;
      passed++;
    }
  });
  return { t, gof, pass, passed };
}

function cutResult(
  d: DataCut,
  toys: ToyEnsemble | null,
  gate: { alphaGof: number; maxPull: number },
): CutResult {
  const toyGof = toys?.gof ?? null;
  const edges = d.edges;
  const base = {
    efficiency: d.efficiency,
    selected: d.selected,
    inRange: d.counts.reduce((a, b) => a + b, 0),
    counts: Array.from(d.counts),
    edges,
    seconds: d.seconds,
  };
  if (!d.choice || !d.search?.ok) {
    const message =
      d.search && !d.search.ok ? d.search.fit.message : "no order of the dijet function converged";
    return {
      ...base,
      status: "rejected",
      rejection: { reason: "fit-failed", message: `the background fit failed: ${message}` },
      model: null,
      bump: null,
    };
  }
  const s = d.search;
  const fit: DijetFitConverged = s.fit;
  const pull = pulls(d.counts, fit.expected);
  const { veto, maxAbsPull } = gateVeto(d.counts, s, edges, gate.maxPull);
  const gofObs = gofStatistic(fit);
  let gofPvalue: number | null = null;
  if (toyGof && toyGof.length > 0) {
    let ge = 0;
    for (const g of toyGof) if (g >= gofObs) ge++;
    gofPvalue = rankP(ge, toyGof.length);
  }
  const model: ModelReport = {
    nParams: fit.nParams,
    orderTests: d.choice.tests,
    orderExcluded: d.probeExcluded
      ? { loEdge: edges[d.probeExcluded[0]]!, hiEdge: edges[d.probeExcluded[1]]! }
      : null,
    orderFits: d.choice.fits,
    params: fit.params,
    errors: fit.errors,
    deviance: fit.deviance,
    chi2: fit.chi2,
    ndf: fit.ndf,
    chi2PerNdf: fit.chi2PerNdf,
    gofPvalue,
    gofAsymptoticP: chi2Sf(fit.deviance, fit.ndf),
    maxAbsPull,
    excluded: s.excluded
      ? {
          firstBin: s.excluded[0],
          endBin: s.excluded[1],
          loEdge: edges[s.excluded[0]]!,
          hiEdge: edges[s.excluded[1]]!,
        }
      : null,
    searchIterations: s.iterations,
  };
  const withFit = { ...base, model, background: Array.from(fit.expected), pulls: pull };
  if (gofPvalue !== null && gofPvalue < gate.alphaGof) {
    return {
      ...withFit,
      status: "rejected",
      rejection: {
        reason: "goodness-of-fit",
        message: `the ${fit.nParams}-parameter fit's deviance ${fit.deviance.toFixed(1)} for ${fit.ndf} degrees of freedom has gof p = ${gofPvalue.toPrecision(2)} among the refitted pseudo-experiments, below ${gate.alphaGof}`,
      },
      bump: null,
    };
  }
  if (veto?.reason === "pull") {
    return {
      ...withFit,
      status: "rejected",
      rejection: {
        reason: "pull",
        message: `pull ${veto.pull.toFixed(1)} in [${edges[veto.bin]}, ${edges[veto.bin + 1]}] GeV outside the search window exceeds ±${gate.maxPull}`,
      },
      bump: null,
    };
  }
  if (veto?.reason === "rising") {
    return {
      ...withFit,
      status: "rejected",
      rejection: {
        reason: "rising",
        message: `the fitted background rises over [${veto.from}, ${veto.to}] GeV: a QCD mass spectrum falls, so the selection sculpts it (a score correlated with the mass) and no smooth background can be trusted`,
      },
      bump: null,
    };
  }
  const w = s.window;
  const tObs = -w.logP;
  const global = perCutGlobal(tObs, toys);
  return {
    ...withFit,
    status: "ok",
    bump: {
      loEdge: edges[w.locBin]!,
      hiEdge: edges[w.locBin + w.widthBins]!,
      locBin: w.locBin,
      widthBins: w.widthBins,
      observed: w.observed,
      expected: w.expected,
      excess: w.observed - w.expected,
      local: { pvalue: Math.exp(w.logP), t: tObs, significance: significanceFromLogP(w.logP) },
      global,
    },
  };
}

function perCutGlobal(tObs: number, toys: ToyEnsemble | null): NonNullable<CutResult["bump"]>["global"] {
  const npe = toys?.t.length ?? 0;
  const passed = toys?.passed ?? 0;
  const kept = new Float64Array(passed);
  let nGe = 0;
  if (toys) {
    let k = 0;
    for (let j = 0; j < npe; j++) {
      if (!toys.pass[j]) continue;
      kept[k++] = toys.t[j]!;
      if (toys.t[j]! >= tObs) nGe++;
    }
  }
  let logP = Math.log(rankP(nGe, passed));
  let extrapolated = false;
  if (nGe < MIN_TOYS_IN_TAIL) {
    const tail = fitTail(kept);
    if (tail && tObs > tail.threshold) {
      // Never below the bump's own local p: the largest of many windows' t reaches t_obs at least
      // as often as the bump's window alone does.
      logP = Math.max(tailLogP(tail, tObs), -tObs);
      extrapolated = true;
    }
  }
  return {
    npe,
    passed,
    nGe,
    pvalue: Math.exp(logP),
    logPvalue: logP,
    significance: significanceFromLogP(Math.min(0, logP)),
    extrapolated,
  };
}

/**
 * The look-elsewhere-corrected summary over the cuts that passed the gate: P = the smallest per-cut
 * global p; its global p is the fraction of toys whose own smallest per-cut p (each toy's p its rank
 * among the toys of that cut) is ≤ P. When fewer than 10 toys reach P, the correction is the
 * effective number of cuts measured by the same toys at p = 0.05 (between 1 and the number of cuts)
 * times P, flagged extrapolated.
 */
function summarise(
  cuts: CutResult[],
  ensembles: (ToyEnsemble | null)[],
): { summary: DiscoverySummary | null; reason?: string } {
  const passed = cuts.filter((c) => c.status === "ok" && c.bump);
  if (passed.length === 0) {
    return {
      summary: null,
      reason: "background model rejected in every cut: no discovery significance (see each cut's reason)",
    };
  }
  let best = passed[0]!;
  for (const c of passed) {
    const a = c.bump!.global.pvalue;
    const b = best.bump!.global.pvalue;
    if (a < b || (a === b && c.bump!.local.t > best.bump!.local.t)) best = c;
  }
  const P = best.bump!.global.pvalue;
  // Each toy's smallest per-cut p over the cuts the data passed, where the toy passed the gate too
  // (p = its rank among that cut's passing toys); toys that passed none of them take no part.
  const npe = ensembles.find((e) => e)?.t.length ?? 0;
  const minP = new Float64Array(npe).fill(2);
  for (const c of passed) {
    // A cut that passed the gate had a final fit, so it has toys.
    const { t, pass, passed: n } = ensembles[cuts.indexOf(c)]!;
    descendingRanks(
      t,
      Array.from(t.keys()).filter((j) => pass[j]),
      (j, rank) => {
        minP[j] = Math.min(minP[j]!, rank / n);
      },
    );
  }
  let counted = 0;
  for (const m of minP) if (m <= 1) counted++;
  let count = 0;
  for (const m of minP) if (m <= P) count++;
  let logPvalue = Math.log(rankP(count, counted));
  let extrapolated = best.bump!.global.extrapolated;
  if (count < MIN_TOYS_IN_TAIL) {
    let at05 = 0;
    for (const m of minP) if (m <= 0.05) at05++;
    const kEff = Math.min(passed.length, Math.max(1, at05 / (0.05 * counted)));
    logPvalue = Math.min(0, Math.log(kEff) + best.bump!.global.logPvalue);
    extrapolated = true;
  }
  return {
    summary: {
      efficiency: best.efficiency,
      pvalue: Math.exp(logPvalue),
      logPvalue,
      globalSignificance: significanceFromLogP(Math.min(0, logPvalue)),
      extrapolated,
      claimedMass: (best.bump!.loEdge + best.bump!.hiEdge) / 2,
      cuts: passed.map((c) => c.efficiency),
    },
  };
}

/**
 * Visits every index of `indices` with its rank #{i in indices: v_i ≥ v_j} (equal values share the
 * largest rank): the toys' p-values as the data's are counted.
 */
function descendingRanks(
  v: ArrayLike<number>,
  indices: number[],
  visit: (j: number, rank: number) => void,
): void {
  const order = indices.sort((a, b) => v[b]! - v[a]!);
  for (let r = 0; r < order.length; ) {
    let e = r + 1;
    while (e < order.length && v[order[e]!] === v[order[r]!]) e++;
    for (let q = r; q < e; q++) visit(order[q]!, e);
    r = e;
  }
}
