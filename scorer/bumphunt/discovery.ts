import { DEFAULT_SQRT_S, type DijetParams } from "./dijet";
import { fitDijet } from "./fit";
import { globalPvalue } from "./global";
import type { DeviceDescription } from "@/scorer/compute/device";
import { runToysOnDevice } from "./gpu/run-toys";
import { scan } from "./scan";
import { histogram, topSelector } from "./select";
import type { ScanSettings } from "./windows";

export type DiscoveryConfig = {
  /** Mass bin edges in GeV (SCORING §2: fixed per black box). */
  edges: number[];
  /** Cut efficiencies ε (default 1, 0.1, 0.01, 0.001). */
  cutEfficiencies?: number[];
  sqrtS?: number;
  scan?: ScanSettings;
  npe?: number;
  seed?: number;
  threads?: number;
};

export type FitReport =
  | { status: "converged"; params: DijetParams; errors: DijetParams; chi2PerNdf: number; ndf: number }
  | { status: "failed"; reason: string; message: string };

export type CutResult = {
  efficiency: number;
  selected: number;
  /** Selected events whose mass falls inside the bin edges. */
  inRange: number;
  fit: FitReport;
  /** The refit that excludes the first scan's bump (Choudalakis §2.1.1); absent when a fit failed. */
  refit?: FitReport;
  bump: null | {
    loEdge: number;
    hiEdge: number;
    locBin: number;
    widthBins: number;
    observed: number;
    expected: number;
    excess: number;
    local: { pvalue: number; t: number; significance: number };
    global: { npe: number; nGe: number; pvalue: number; significance: number | null; lowerLimit: boolean };
  };
  /** Selected events per mass bin (the histogram that was fitted and scanned). */
  counts: number[];
  /** Background per bin from the final fit (the refit); absent when a fit failed. */
  background?: number[];
  /** "no fit" when the background fit failed: the cut then has no numbers (SCORING §2 step 2). */
  status: "ok" | "no fit";
  seconds: number;
};

export type DiscoveryResult = {
  cuts: CutResult[];
  /** The cut with the largest global Z (ties: larger t_obs); its bump centre is the claimed mass. */
  summary: null | {
    efficiency: number;
    globalSignificance: number | null;
    lowerLimit: boolean;
    claimedMass: number;
  };
  /** Where the pseudo-experiments ran (SCORING §2 step 5): "cpu", or "gpu" with the adapter. */
  device: DeviceDescription;
  /** The bin edges (GeV) the cuts' counts refer to. */
  edges: number[];
};

const report = (f: ReturnType<typeof fitDijet>): FitReport =>
  f.status === "converged"
    ? { status: "converged", params: f.params, errors: f.errors, chi2PerNdf: f.chi2PerNdf, ndf: f.ndf }
    : { status: "failed", reason: f.reason, message: f.message };

/**
 * The truth-free discovery significance of SCORING §2, for every cut efficiency ε: keep the ⌈ε·N⌉
 * most anomalous events, histogram their mass, fit the 4-parameter dijet function by binned Poisson
 * likelihood, find the most significant BumpHunter window, refit without it, run BumpHunter against
 * the refit background with `npe` pseudo-experiments (toys drawn from the refit, not refitted), and
 * report local and global p and Z. The summary is the cut with the largest global Z.
 *
 * Known limits (as on the methods page): toys are not refitted; the best-of-cuts choice carries its
 * own small trials factor.
 *
 * @throws RangeError on mismatched inputs or bad edges.
 */
export async function discovery(
  scores: ArrayLike<number>,
  mass: ArrayLike<number>,
  config: DiscoveryConfig,
): Promise<DiscoveryResult> {
  if (scores.length !== mass.length) {
    throw new RangeError(`scores (${scores.length}) and masses (${mass.length}) differ in length`);
  }
  const { edges } = config;
  const sqrtS = config.sqrtS ?? DEFAULT_SQRT_S;
  const npe = config.npe ?? 10_000;
  const cuts: CutResult[] = [];
  const devices: DeviceDescription[] = [];
  const selectTop = topSelector(scores);
  for (const efficiency of config.cutEfficiencies ?? [1, 0.1, 0.01, 0.001]) {
    const t0 = performance.now();
    const kept = selectTop(efficiency);
    const counts = histogram(mass, kept, edges);
    const inRange = counts.reduce((a, b) => a + b, 0);
    const base = { efficiency, selected: kept.length, inRange, counts: Array.from(counts) };
    const first = fitDijet(edges, counts, { sqrtS });
    if (first.status !== "converged") {
      cuts.push({
        ...base,
        fit: report(first),
        bump: null,
        status: "no fit",
        seconds: (performance.now() - t0) / 1000,
      });
      continue;
    }
    const firstScan = scan(counts, first.expected, config.scan, edges);
    const window = Array.from({ length: firstScan.widthBins }, (_, i) => firstScan.locBin + i);
    const refit = fitDijet(edges, counts, { sqrtS, exclude: window, start: first.params });
    if (refit.status !== "converged") {
      cuts.push({
        ...base,
        fit: report(first),
        refit: report(refit),
        bump: null,
        status: "no fit",
        seconds: (performance.now() - t0) / 1000,
      });
      continue;
    }
    const local = scan(counts, refit.expected, config.scan, edges);
    const { t: toys, device: toyDevice } = await runToysOnDevice({
      background: refit.expected,
      settings: config.scan ?? {},
      npe,
      seed: config.seed ?? 0,
      threads: config.threads ?? 1,
    });
    const g = globalPvalue(local.t, toys);
    devices.push(toyDevice);
    cuts.push({
      ...base,
      fit: report(first),
      refit: report(refit),
      background: Array.from(refit.expected),
      bump: {
        loEdge: local.loEdge,
        hiEdge: local.hiEdge,
        locBin: local.locBin,
        widthBins: local.widthBins,
        observed: local.nData,
        expected: local.nRef,
        excess: local.signalEval,
        local: { pvalue: local.pvalue, t: local.t, significance: local.significance },
        global: {
          npe: g.npe,
          nGe: g.nGe,
          pvalue: g.pvalue,
          significance: Number.isFinite(g.significance) ? g.significance : null,
          lowerLimit: g.isLowerLimit,
        },
      },
      status: "ok",
      seconds: (performance.now() - t0) / 1000,
    });
  }
  // One device for the whole result: the GPU's only when every cut's toys ran there.
  const device = devices.find((d) => d.device === "cpu") ?? devices[0] ?? { device: "cpu" as const };
  return { cuts, summary: summarise(cuts), device, edges: [...edges] };
}

function summarise(cuts: CutResult[]): DiscoveryResult["summary"] {
  let best: CutResult | undefined;
  const z = (c: CutResult) => c.bump?.global.significance ?? Number.NEGATIVE_INFINITY;
  for (const c of cuts) {
    if (!c.bump) continue;
    if (!best || z(c) > z(best) || (z(c) === z(best) && c.bump.local.t > best.bump!.local.t)) best = c;
  }
  if (!best?.bump) return null;
  return {
    efficiency: best.efficiency,
    globalSignificance: best.bump.global.significance,
    lowerLimit: best.bump.global.lowerLimit,
    claimedMass: (best.bump.loEdge + best.bump.hiEdge) / 2,
  };
}
