import { fillRow, TRIGGER_PT } from "./event";
import { FEATURE_NAMES, N_FEATURES } from "@/core/events";
import { JET_STRIDE } from "./kinematics";
import { DIJET_LINE, HERWIG, PYTHIA, RESONANCE } from "./params";
import { sampleQcd } from "./qcd";
import { sampleCascade, sampleResonanceDijet, sampleResonanceXY } from "./resonance";
import { CHUNK_EVENTS, ChunkStream } from "./rng";
import type { Seed } from "./seed";
import type { GeneratorSpec, SignalSpec } from "./spec";
import { parseGeneratorSpec } from "./spec";

export const GENERATOR_VERSION = "anomaly-arena-generator/1";

/** One injected component as recorded in the sealed truth file. */
export type ComponentParams =
  | { label: 0; model: "qcd-dijet"; n: number; variant: "pythia" | "herwig"; triggerPt: number }
  | ({ label: number; triggerPt: number; mjjResolution: number } & SignalSpec);

export interface GeneratedEvents {
  /** Row-major [N, 13] in FEATURE_NAMES order. */
  features: Float32Array;
  featureNames: string[];
  /** 0 = background, k = signal component k (1-based, spec order). */
  labels: Int8Array;
  componentParams: ComponentParams[];
  generatorVersion: string;
}

/** Attempts per accepted event before a component is declared untriggerable. */
const MAX_ATTEMPTS = 10_000;
const SHUFFLE_STREAM = 0xffffffff;
/** Events per unit of work handed to a thread (64 chunks): ~70 blocks for a 1M-event box. */
const BLOCK_EVENTS = 64 * CHUNK_EVENTS;

/** Everything a thread needs to fill blocks: the spec, seed and the (possibly shared) output arrays. */
export interface BlockJob {
  spec: GeneratorSpec;
  seed: Seed;
  /** Row that receives the i-th generated event (all components in spec order). */
  perm: Uint32Array;
  features: Float32Array;
  labels: Int8Array;
}

/** One block: events [from, to) of component c, whose first event is generated event `offset`. */
interface Block {
  c: number;
  from: number;
  to: number;
  offset: number;
}

/**
 * Generate a shuffled LHCO-like dijet sample: each signal's n events, and QCD events for the rest
 * of `spec.events` (signal replaces background, so the total says nothing about the signal; a legacy
 * spec without `events` gives `background.n` QCD events). Pure and deterministic: the same spec and seed give the same bytes. Component k's events come from
 * its own Philox streams (component index k, chunk of 256 events), so adding a signal never changes
 * the background and the work splits into blocks that any thread can fill (generateEventsParallel
 * gives the same bytes). Rows are permuted by a seeded Fisher–Yates shuffle; all rows are float32
 * rounded by the same code path. Throws AppError "validation" (bad spec) or RangeError (bad seed, or
 * a signal that almost never passes the 1.2 TeV trigger).
 * @example generateEvents({ background: { n: 1000 } }, 7).features.length // 13000
 */
export function generateEvents(specInput: unknown, seed: Seed): GeneratedEvents {
  const job = planJob(specInput, seed, (n) => new ArrayBuffer(n));
  let next = 0;
  fillBlocks(job, () => next++);
  return result(job);
}

/**
 * Parse the spec, shuffle, and allocate the outputs with `alloc` (ArrayBuffer, or SharedArrayBuffer
 * for threads).
 */
export function planJob(specInput: unknown, seed: Seed, alloc: (bytes: number) => ArrayBufferLike): BlockJob {
  const spec = parseGeneratorSpec(specInput);
  const s = new ChunkStream(seed);
  const total = componentSizes(spec).reduce((a, b) => a + b, 0);
  const perm = new Uint32Array(alloc(4 * total));
  shuffle(s, perm);
  return {
    spec,
    seed,
    perm,
    features: new Float32Array(alloc(4 * total * N_FEATURES)),
    labels: new Int8Array(alloc(total)),
  };
}

export function result(job: BlockJob): GeneratedEvents {
  return {
    features: job.features,
    featureNames: [...FEATURE_NAMES],
    labels: job.labels,
    componentParams: describe(job.spec),
    generatorVersion: GENERATOR_VERSION,
  };
}

/**
 * Fill blocks until `claim` returns an index past the last one. `claim` hands out block indices, each
 * exactly once (a counter, or an atomic one shared between threads).
 */
export function fillBlocks(job: BlockJob, claim: () => number): void {
  const blocks = blockList(job.spec);
  const s = new ChunkStream(job.seed);
  const jets = new Float64Array(4 * JET_STRIDE);
  const row = new Float64Array(N_FEATURES);
  const samplers = componentSizes(job.spec).map((_, c) => sampler(job.spec, c));
  const { perm, features, labels } = job;
  for (let k = claim(); k < blocks.length; k = claim()) {
    const { c, from, to, offset } = blocks[k] as Block;
    const sample = samplers[c] as Sampler;
    for (let i = from; i < to; i++) {
      if (i % CHUNK_EVENTS === 0) s.reset(c, i / CHUNK_EVENTS);
      let attempts = 0;
      for (;;) {
        const nJets = sample(s, jets);
        if (nJets > 0) {
          fillRow(jets, nJets, row);
          break;
        }
        if (++attempts === MAX_ATTEMPTS)
          throw new RangeError(
            `${componentField(c)}: under 0.01% of candidates pass the ${TRIGGER_PT} GeV trigger`,
          );
      }
      const dest = perm[offset + i - from] as number;
      for (let f = 0, o = dest * N_FEATURES; f < N_FEATURES; f++) features[o + f] = row[f] as number;
      labels[dest] = c;
    }
  }
}

/** The number of blocks of a job (for callers that hand them out). */
export function blockCount(spec: GeneratorSpec): number {
  return blockList(spec).length;
}

function componentSizes(spec: GeneratorSpec): number[] {
  return [spec.background.n, ...spec.signals.map((x) => x.n)];
}

function blockList(spec: GeneratorSpec): Block[] {
  const blocks: Block[] = [];
  let offset = 0;
  componentSizes(spec).forEach((n, c) => {
    for (let from = 0; from < n; from += BLOCK_EVENTS) {
      const to = Math.min(n, from + BLOCK_EVENTS);
      blocks.push({ c, from, to, offset: offset + from });
    }
    offset += n;
  });
  return blocks;
}

/** Fills jets and returns how many, or 0 when the candidate fails the trigger. */
type Sampler = (s: ChunkStream, jets: Float64Array) => number;

function sampler(spec: GeneratorSpec, c: number): Sampler {
  if (c === 0) {
    const p = spec.background.variant === "herwig" ? HERWIG : PYTHIA;
    return (s, jets) => sampleQcd(s, jets, p);
  }
  const sig = spec.signals[c - 1] as SignalSpec;
  if (sig.model === "resonance-xy") {
    const { mass, mX, mY, prongs } = sig;
    return (s, jets) => sampleResonanceXY(s, jets, mass, mX, mY, prongs, RESONANCE);
  }
  const p = { ...RESONANCE, line: DIJET_LINE };
  const { mass, mR } = sig;
  if (sig.mode === "cascade" && mR !== undefined) return (s, jets) => sampleCascade(s, jets, mass, mR, p);
  return (s, jets) => sampleResonanceDijet(s, jets, mass, p);
}

/** A seeded Fisher–Yates permutation of 0…n−1 (the generator's own shuffle; imports mix files with it). */
export function seededPermutation(n: number, seed: Seed): Uint32Array {
  const perm = new Uint32Array(n);
  shuffle(new ChunkStream(seed), perm);
  return perm;
}

/** Fisher–Yates permutation in place: row perm[i] receives the i-th generated event. */
function shuffle(s: ChunkStream, perm: Uint32Array): void {
  const n = perm.length;
  for (let i = 0; i < n; i++) perm[i] = i;
  s.reset(SHUFFLE_STREAM, 0);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(s.uniform() * (i + 1));
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
}

function describe(spec: GeneratorSpec): ComponentParams[] {
  const out: ComponentParams[] = [
    {
      label: 0,
      model: "qcd-dijet",
      n: spec.background.n,
      variant: spec.background.variant,
      triggerPt: TRIGGER_PT,
    },
  ];
  spec.signals.forEach((sig, k) => {
    const line = sig.model === "resonance-xy" ? RESONANCE.line : DIJET_LINE;
    out.push({ ...sig, label: k + 1, triggerPt: TRIGGER_PT, mjjResolution: line.sigma });
  });
  return out;
}

function componentField(c: number): string {
  return c === 0 ? "background" : `signals[${c - 1}]`;
}
