/**
 * The calibration study of SCORING §2 v2 (`npm run study:calibration`): background-only boxes made by
 * the generator, each scored by the reference bump hunter with the built-in boxes' config, for the
 * plain bump hunt, random scores and a mass-correlated score; a spurious-signal scan on pooled boxes;
 * and a BB1-like resonance injected at several N_sig, scored by its truth labels and by a simple
 * cut-based tagger. Pure computation: render.ts writes the figures and docs/calibration.md.
 */
import { CALIBRATION_SCORES, type CALIBRATION_VARIANTS } from "@/lib/calibration";
import { generateEventsParallel } from "@/blackboxes/generator/parallel";
import { type DiscoveryResult, discovery } from "@/scorer/bumphunt/discovery";
import { fitDijet } from "@/scorer/bumphunt/fit";
import { chooseOrder, type SpectrumContext } from "@/scorer/bumphunt/search";
import { binQuadrature } from "@/scorer/bumphunt/dijet";
import { scanWindows } from "@/scorer/bumphunt/maxscan";
import { histogram } from "@/scorer/bumphunt/select";
import {
  type DiscoverySettings,
  parseDiscoverySettings,
  scoringMass,
} from "@/scorer/bumphunt/scoring-config";

export type Variant = (typeof CALIBRATION_VARIANTS)[number];
export const SCORE_KINDS = CALIBRATION_SCORES;
export type ScoreKind = (typeof SCORE_KINDS)[number];

export interface StudyOptions {
  boxes: number;
  events: number;
  npe: number;
  variants: Variant[];
  /** BB1-like injections: N_sig values and boxes per value. */
  injections: number[];
  injectionBoxes: number;
  /** Boxes pooled for the spurious-signal scan. */
  spuriousBoxes: number;
  threads: number;
  /** The box scoring config (default: the built-in boxes'). */
  scoringConfig?: unknown;
  log?: (m: string) => void;
}

export interface BoxOutcome {
  /** Summary global p, or null when every cut's model was rejected. */
  p: number | null;
  z: number | null;
  extrapolated: boolean;
  /** Per cut efficiency: "ok" or the rejection reason. */
  cuts: { efficiency: number; status: string; nParams: number | null; gofP: number | null }[];
}

export const INJECTION_SCORES = ["labels", "labels+tiebreak", "tagger"] as const;
export type InjectionScore = (typeof INJECTION_SCORES)[number];

export interface InjectionOutcome {
  nSig: number;
  score: InjectionScore;
  z: number | null;
  claimedMass: number | null;
  covers: boolean;
  extrapolated: boolean;
}

export interface StudyResult {
  options: Omit<StudyOptions, "log" | "scoringConfig">;
  config: DiscoverySettings;
  boxes: Record<Variant, Record<ScoreKind, BoxOutcome[]>>;
  spurious: Record<Variant, { mass: number; nParams: number; spurious: number; sigma: number }[]>;
  injections: InjectionOutcome[];
  seconds: number;
}

const F = { mjj: 0, mj1: 1, mj2: 2, tau21_1: 3, tau21_2: 4, pt1: 7, eta1: 9, eta2: 10 } as const;
const NF = 13;
/** The BB1 resonance (LHCO 2020 Black Box 1): W' 3823 → X 732, Y 378. */
export const BB1 = { model: "resonance-xy", mass: 3823, mX: 732, mY: 378 } as const;

function column(features: Float32Array, j: number): Float64Array {
  const n = features.length / NF;
  return Float64Array.from({ length: n }, (_, i) => features[i * NF + j]!);
}

function outcome(r: DiscoveryResult): BoxOutcome {
  return {
    p: r.summary?.pvalue ?? null,
    z: r.summary?.globalSignificance ?? null,
    extrapolated: r.summary?.extrapolated ?? false,
    cuts: r.cuts.map((c) => ({
      efficiency: c.efficiency,
      status: c.status === "ok" ? "ok" : (c.rejection?.reason ?? "rejected"),
      nParams: c.model?.nParams ?? null,
      gofP: c.model?.gofPvalue ?? null,
    })),
  };
}

/**
 * A simple cut-based tagger for the BB1 signal, written as a continuous score (no ties): how close
 * the heavier and lighter jet masses are to 732 and 378 GeV in units of ~10 % resolution, plus the
 * two jets' τ21 (two-prong jets have small τ21). Higher is more signal-like.
 */
export function bb1Tagger(features: Float32Array): Float64Array {
  const n = features.length / NF;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * NF;
    const a = features[o + F.mj1]!;
    const b = features[o + F.mj2]!;
    const heavy = Math.max(a, b);
    const light = Math.min(a, b);
    const dh = (heavy - 732) / 73;
    const dl = (light - 378) / 38;
    out[i] = -(dh * dh + dl * dl) - 2 * (features[o + F.tau21_1]! + features[o + F.tau21_2]!);
  }
  return out;
}

export async function runStudy(opts: StudyOptions): Promise<StudyResult> {
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const parsed = parseDiscoverySettings(opts.scoringConfig ?? {});
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.field}: ${i.message}`).join("; "));
  const config = { ...parsed.settings, npe: opts.npe };
  const run = (scores: ArrayLike<number>, mass: Float64Array, cuts?: number[]) =>
    discovery(scores, mass, { ...config, threads: opts.threads, ...(cuts ? { cutEfficiencies: cuts } : {}) });
  const empty = () => ({ plain: [], random: [], pt1: [] }) as Record<ScoreKind, BoxOutcome[]>;
  const boxes = { pythia: empty(), herwig: empty() } as StudyResult["boxes"];
  const spurious = { pythia: [], herwig: [] } as StudyResult["spurious"];
  const injections: InjectionOutcome[] = [];
  for (const variant of opts.variants) {
    const pooled = new Float64Array(config.edges.length - 1);
    for (let b = 0; b < opts.boxes; b++) {
      // Seeds: one stream per (variant, box), disjoint from the injection boxes below.
      const seed = (variant === "pythia" ? 1_000_000 : 2_000_000) + b;
      const g = await generateEventsParallel({ background: { n: opts.events, variant } }, seed);
      const mass = scoringMass(config, (name) => column(g.features, F[name as keyof typeof F]));
      const n = mass.length;
      if (b < opts.spuriousBoxes) {
        const h = histogram(
          mass,
          Int32Array.from({ length: n }, (_, i) => i),
          config.edges,
        );
        for (let i = 0; i < h.length; i++) pooled[i]! += h[i]!;
      }
      boxes[variant].plain.push(outcome(await run(new Float64Array(n).fill(1), mass, [1])));
      // Random scores: a fixed hash of the event index and the box (deterministic, no ties).
      const random = Float64Array.from({ length: n }, (_, i) => hash01(i, seed));
      boxes[variant].random.push(outcome(await run(random, mass)));
      boxes[variant].pt1.push(outcome(await run(column(g.features, F.pt1), mass)));
      const last = (k: ScoreKind) => boxes[variant][k][b]!;
      log(
        `${variant} box ${b + 1}/${opts.boxes}: p plain ${fmt(last("plain").p)}, random ${fmt(last("random").p)}, pT1 ${fmt(last("pt1").p)}`,
      );
    }
    if (opts.spuriousBoxes > 0) spurious[variant] = spuriousScan(pooled, opts.spuriousBoxes, config);
  }
  for (const nSig of opts.injections) {
    for (let b = 0; b < opts.injectionBoxes; b++) {
      const seed = 3_000_000 + b;
      const g = await generateEventsParallel(
        { background: { n: opts.events, variant: "pythia" }, signals: nSig > 0 ? [{ ...BB1, n: nSig }] : [] },
        seed,
      );
      const mass = scoringMass(config, (name) => column(g.features, F[name as keyof typeof F]));
      for (const score of INJECTION_SCORES) {
        // labels+tiebreak: the truth plus a deterministic U(0, 0.5) per event — a perfect classifier
        // that still ranks the background, so a cut keeps background beside the signal.
        const scores =
          score === "tagger"
            ? bb1Tagger(g.features)
            : Float64Array.from(g.labels, (l, i) => l + (score === "labels" ? 0 : 0.5 * hash01(i, seed)));
        const r = await run(scores, mass);
        const s = r.summary;
        const best = s ? r.cuts.find((c) => c.efficiency === s.efficiency)?.bump : null;
        injections.push({
          nSig,
          score,
          z: s?.globalSignificance ?? null,
          claimedMass: s?.claimedMass ?? null,
          covers: !!best && best.loEdge <= BB1.mass && BB1.mass <= best.hiEdge,
          extrapolated: s?.extrapolated ?? false,
        });
      }
      log(
        `injection N_sig ${nSig} box ${b + 1}/${opts.injectionBoxes}: Z ${injections
          .slice(-INJECTION_SCORES.length)
          .map((x) => `${x.score} ${fmt(x.z)}`)
          .join(", ")}`,
      );
    }
  }
  const { log: _l, scoringConfig: _c, ...options } = opts;
  return { options, config, boxes, spurious, injections, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Spurious-signal scan (ATLAS-style, in window counts): on the spectrum of `k` pooled boxes, for each
 * mass m, leave out the window m ± 1.5 σ_m (σ_m = 5 % of m), fit the background with the order the
 * nested-model tests choose, and compare the excess in the window with one box's statistical error:
 * S_spur = Σ (n − b̂)/k, σ = √(Σ b̂ / k).
 */
function spuriousScan(pooled: Float64Array, k: number, config: DiscoverySettings) {
  const edges = config.edges;
  const quad = binQuadrature(edges, config.sqrtS);
  const ctx: SpectrumContext = {
    edges,
    quad,
    windows: scanWindows(quad.nBins, 2, 2),
    alphaOrder: config.alphaOrder,
    searchP: config.searchP,
    minParams: config.minParams,
    maxParams: config.maxParams,
  };
  const out: { mass: number; nParams: number; spurious: number; sigma: number }[] = [];
  const lo = edges[0]!;
  const hi = edges[edges.length - 1]!;
  for (let m = Math.ceil((lo * 1.15) / 100) * 100; m <= hi / 1.1; m += 200) {
    const window: number[] = [];
    for (let i = 0; i < edges.length - 1; i++) {
      const c = (edges[i]! + edges[i + 1]!) / 2;
      if (Math.abs(c - m) <= 1.5 * 0.05 * m) window.push(i);
    }
    const choice = chooseOrder(pooled, ctx, window);
    if (!choice) continue;
    const fit = fitDijet(edges, pooled, {
      nParams: choice.nParams,
      quad,
      exclude: window,
      start: choice.fit.params,
    });
    if (fit.status !== "converged") continue;
    let n = 0;
    let b = 0;
    for (const i of window) {
      n += pooled[i]!;
      b += fit.expected[i]!;
    }
    out.push({ mass: m, nParams: choice.nParams, spurious: (n - b) / k, sigma: Math.sqrt(b / k) });
  }
  return out;
}

/** A uniform number in [0, 1) from (i, seed): splitmix-style integer hash, stable across runs. */
function hash01(i: number, seed: number): number {
  let x = (Math.imul(i, 0x9e3779b1) ^ Math.imul(seed, 0x85ebca6b)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return (x + 0.5) / 4294967296;
}

function fmt(x: number | null): string {
  return x === null ? "rejected" : x.toPrecision(3);
}
