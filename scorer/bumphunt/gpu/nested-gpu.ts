/// <reference types="@webgpu/types" />
import {
  bufferSize,
  type ComputeKernels,
  computeKernels,
  MAX_WORKGROUPS,
  USAGE,
} from "@/scorer/compute/wgsl";
import { binQuadrature } from "../dijet";
import { internalCoordinates } from "../fit";
import { TABLE_WIDTH } from "../fit-kernel";
import { mergedEdges } from "../merge";
import { type NestedToyPlan, type NestedToyResult, nestedMeans } from "../nested-toys";
import { logNormalSurvival, logUpperGamma } from "../pvalue";
import { chi2Sf, spectrumContext } from "../search";
import { SAMP_STRIDE, WORKGROUP } from "./kernels";
import {
  BIN_STRIDE,
  CUT_STRIDE,
  HEADER,
  FLAG_FAILED,
  FLAG_SKIPPED,
  FLAG_VETO,
  NODE_STRIDE,
  nestedKernelSource,
  OUT_STRIDE,
} from "./nested-kernels";
import { upload, writeSampler } from "./toys-gpu";

/**
 * The refitted, nested pseudo-experiments of SCORING §2 on a WebGPU device: the GPU counterpart of
 * nested-toys.ts `runNestedToys`, with the same plan and the same result. Toy j draws its nested
 * spectra from the CPU's Philox stream (seed, j) with the CPU's samplers in f32 (kernels.ts), and
 * every cut is analysed by the data's procedure in one thread (nested-kernels.ts: probe search phase,
 * order choice by score tests, final search phase, gate); t and the deviance are f32, the gof
 * statistic is taken from the deviance here in float64. Reproducible for (seed, j) on one device
 * and independent of batching.
 */

/** Toys per dispatch: bounded output (16 bytes per toy and cut) and a dispatch of ≤ 65 535 workgroups. */
export const NESTED_BATCH = 1 << 18;

export interface GpuNestedPlan {
  device: GPUDevice;
  plan: NestedToyPlan;
  kernels: ComputeKernels<"nested">;
  tab: GPUBuffer;
  samp: GPUBuffer;
  nsamp: number;
  /** Cut slots the kernel writes per toy (the plan's cuts, rounded up). */
  slots: number;
}

/** The χ² value with survival probability alpha for k degrees of freedom (bisection on chi2Sf). */
export function chi2Critical(alpha: number, k: number): number {
  let lo = 0;
  let hi = 1;
  while (chi2Sf(hi, k) > alpha) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (chi2Sf(mid, k) > alpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Per cut: the merged bins' reference fit (the data's probe fit, which every toy's fits start from)
 * as each node's share of its bin and μ⁰ per bin, and the basis g' = L⁻¹ g with L Lᵀ the reference's
 * Fisher information Σ μ⁰ ḡ ḡᵀ over all bins (nested-kernels.ts explains why).
 * @throws Error when the reference's Fisher information is singular.
 */
function cutTables(edges: number[], probe: NestedToyPlan["cuts"][number]["probeStart"], sqrtS: number) {
  const quad = internalCoordinatesOf(edges, sqrtS);
  const { table, theta: toTheta, nBins, binStart, logWeight } = quad;
  const theta = toTheta(probe);
  const P = TABLE_WIDTH + 1;
  const nodes = logWeight.length;
  const g = (j: number, k: number) => (k === 0 ? 1 : table[j * TABLE_WIDTH + k - 1]!);
  const v = new Float64Array(nodes);
  for (let j = 0; j < nodes; j++) {
    let s = logWeight[j]!;
    for (let k = 0; k < P; k++) s += theta[k]! * g(j, k);
    v[j] = s;
  }
  const mu0 = new Float64Array(nBins);
  const share = new Float64Array(nodes);
  const gram = new Float64Array(P * P);
  for (let b = 0; b < nBins; b++) {
    let top = Number.NEGATIVE_INFINITY;
    for (let j = binStart[b]!; j < binStart[b + 1]!; j++) top = Math.max(top, v[j]!);
    let sum = 0;
    for (let j = binStart[b]!; j < binStart[b + 1]!; j++) sum += Math.exp(v[j]! - top);
    const logMu = top + Math.log(sum);
    mu0[b] = Math.exp(logMu);
    const gbar = new Float64Array(P);
    for (let j = binStart[b]!; j < binStart[b + 1]!; j++) {
      share[j] = Math.exp(v[j]! - logMu);
      for (let k = 0; k < P; k++) gbar[k]! += share[j]! * g(j, k);
    }
    for (let k = 0; k < P; k++) for (let l = 0; l < P; l++) gram[k * P + l]! += mu0[b]! * gbar[k]! * gbar[l]!;
  }
  // Cholesky gram = L Lᵀ, then g' = L⁻¹ g at every node.
  const L = new Float64Array(P * P);
  for (let i = 0; i < P; i++)
    for (let j = 0; j <= i; j++) {
      let s = gram[i * P + j]!;
      for (let k = 0; k < j; k++) s -= L[i * P + k]! * L[j * P + k]!;
      if (i === j) {
        if (!(s > 0 && Number.isFinite(s)))
          throw new Error("the reference fit's Fisher information is singular");
        L[i * P + i] = Math.sqrt(s);
      } else L[i * P + j] = s / L[j * P + j]!;
    }
  const basis = new Float64Array(nodes * P);
  for (let j = 0; j < nodes; j++)
    for (let i = 0; i < P; i++) {
      let s = g(j, i);
      for (let k = 0; k < i; k++) s -= L[i * P + k]! * basis[j * P + k]!;
      basis[j * P + i] = s / L[i * P + i]!;
    }
  return { nBins, binStart, mu0, share, basis };
}

function internalCoordinatesOf(edges: number[], sqrtS: number) {
  const quad = binQuadrature(edges, sqrtS);
  return { ...internalCoordinates(quad), ...quad };
}

/**
 * Uploads a plan: its kernels (compiled once per device and layout), the cut tables and the nested
 * increment samplers.
 * @throws RangeError for a plan the CPU would refuse too (a cut with too few bins for a window).
 */
export async function planNestedToysGpu(device: GPUDevice, plan: NestedToyPlan): Promise<GpuNestedPlan> {
  const s = plan.settings;
  if (s.maxParams > TABLE_WIDTH + 1) throw new RangeError(`at most ${TABLE_WIDTH + 1} parameters`);
  const nbins = plan.edges.length - 1;
  const nCuts = plan.cuts.length;
  const cutWords: number[] = [];
  const boundsWords: number[][] = [];
  const binEntries: { mu0: number; width: number; start: number; end: number }[][] = [];
  const nodeEntries: number[] = [];
  let maxMerged = 1;
  for (const cut of plan.cuts) {
    const edges = mergedEdges(plan.edges, cut.bounds);
    const ctx = spectrumContext(edges, s);
    if (!ctx) throw new RangeError("a cut with too few bins for a scan window has no toys");
    const nb = edges.length - 1;
    maxMerged = Math.max(maxMerged, nb);
    const wmax = ctx.windows.width[ctx.windows.width.length - 1]!;
    cutWords.push(nb, wmax, 0, 0, cut.analyse === false ? 0 : 1, 0, 0, 0);
    boundsWords.push(cut.bounds);
    if (cut.analyse === false) {
      binEntries.push([]);
      continue;
    }
    const t = cutTables(edges, cut.probeStart, s.sqrtS);
    const firstNode = nodeEntries.length / NODE_STRIDE;
    const bins: (typeof binEntries)[number] = [];
    for (let b = 0; b < nb; b++) {
      bins.push({
        mu0: t.mu0[b]!,
        width: edges[b + 1]! - edges[b]!,
        start: firstNode + t.binStart[b]!,
        end: firstNode + t.binStart[b + 1]!,
      });
    }
    for (let j = 0; j < t.share.length; j++) {
      nodeEntries.push(t.share[j]!);
      for (let k = 0; k < TABLE_WIDTH + 1; k++) nodeEntries.push(t.basis[j * (TABLE_WIDTH + 1) + k]!);
    }
    binEntries.push(bins);
  }
  // Array sizes rounded up, so that boxes of similar binning share one compiled module (and the
  // worker's warm-up compiles the one a box's first upload uses): bins to 16, cuts to 4 — a cut slot
  // past the plan's is never drawn nor analysed.
  const round = (n: number, to: number) => Math.ceil(n / to) * to;
  const sizes = { nbins: round(nbins, 16), nCuts: round(nCuts, 4), maxMerged: round(maxMerged, 16) };
  // Table: the header, the cuts, then each cut's bounds and bins, then the nodes.
  let at = HEADER + sizes.nCuts * CUT_STRIDE;
  const boundsAt: number[] = [];
  const binsAt: number[] = [];
  for (let k = 0; k < nCuts; k++) {
    boundsAt.push(at);
    at += boundsWords[k]!.length;
    binsAt.push(at);
    at += binEntries[k]!.length * BIN_STRIDE;
  }
  const nodesAt = at;
  const words = new ArrayBuffer((nodesAt + nodeEntries.length) * 4);
  const u = new Uint32Array(words);
  const f = new Float32Array(words);
  u.set([s.minParams, s.maxParams, s.widthMin, nodesAt], 0);
  f.set(
    [
      Math.log(s.searchP),
      logNormalSurvival(2),
      logNormalSurvival(plan.maxPull),
      ...[1, 2, 3].map((df) => chi2Critical(s.alphaOrder, df)),
    ],
    4,
  );
  u.set(cutWords, HEADER);
  for (let k = 0; k < nCuts; k++) {
    u[HEADER + k * CUT_STRIDE + 2] = binsAt[k]!;
    u[HEADER + k * CUT_STRIDE + 3] = boundsAt[k]!;
    u.set(boundsWords[k]!, boundsAt[k]!);
    binEntries[k]!.forEach((b, i) => {
      const o = binsAt[k]! + i * BIN_STRIDE;
      f[o] = b.mu0;
      f[o + 1] = b.width;
      u[o + 2] = b.start;
      u[o + 3] = b.end;
    });
  }
  f.set(nodeEntries, nodesAt);

  // Increment samplers in the CPU's order (nested-toys.ts): tightest cut first, every bin whose
  // increment is positive (a zero mean draws nothing there either).
  const lambda = nestedMeans(plan.cuts.map((c) => c.background));
  const draws: [number, number][] = [];
  for (let k = nCuts - 1; k >= 0; k--) {
    const next = k + 1 < nCuts ? lambda[k + 1]! : null;
    for (let i = 0; i < nbins; i++) {
      const inc = Math.max(0, lambda[k]![i]! - (next ? next[i]! : 0));
      if (inc > 0) draws.push([k * sizes.nbins + i, inc]);
    }
  }
  const sampWords = new ArrayBuffer(Math.max(1, draws.length) * SAMP_STRIDE * 4);
  const su = new Uint32Array(sampWords);
  const sf = new Float32Array(sampWords);
  draws.forEach(([slot, lam], q) => {
    writeSampler(su, sf, q * SAMP_STRIDE, slot, lam);
  });

  return {
    device,
    plan,
    kernels: await computeKernels(
      device,
      nestedKernelSource(sizes),
      ["uniform", "read", "read", "write"],
      ["nested"],
    ),
    tab: upload(device, words),
    samp: upload(device, sampWords),
    nsamp: draws.length,
    slots: sizes.nCuts,
  };
}

export function destroyGpuNestedPlan(p: GpuNestedPlan): void {
  p.tab.destroy();
  p.samp.destroy();
}

/** The gof statistic of a deviance with ndf degrees of freedom (search.ts gofStatistic). */
function gofOf(deviance: number, ndf: number): number {
  if (ndf < 1 || !(deviance > 0)) return 0;
  return -logUpperGamma(ndf / 2, deviance / 2);
}

/**
 * Toys from … to − 1 (as nested-toys.ts `runNestedToys(plan, seed, from, to)`), in batches of at
 * most `batch` toys per dispatch.
 */
export async function runNestedToysGpu(
  gp: GpuNestedPlan,
  seed: number,
  from: number,
  to: number,
  batch = NESTED_BATCH,
): Promise<NestedToyResult & { nParams: Uint8Array }> {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be an integer ≥ 0, got ${seed}`);
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= 2 ** 32))
    throw new RangeError(`bad toy range [${from}, ${to})`);
  if (!(Number.isInteger(batch) && batch >= 1 && batch <= MAX_WORKGROUPS * WORKGROUP))
    throw new RangeError(`batch must be in 1…${MAX_WORKGROUPS * WORKGROUP}, got ${batch}`);
  const { device, plan } = gp;
  const nCuts = plan.cuts.length;
  const count = to - from;
  const t = new Float64Array(nCuts * count);
  const gof = new Float64Array(nCuts * count);
  const veto = new Uint8Array(nCuts * count);
  const orders = new Array<number>(plan.settings.maxParams - plan.settings.minParams + 1).fill(0);
  /** Each toy-cut's chosen number of parameters (0: failed or not analysed). */
  const nParams = new Uint8Array(nCuts * count);
  const t0 = performance.now();
  if (count === 0 || nCuts === 0) return { t, gof, veto, orders, nParams, seconds: { fits: 0, scans: 0 } };
  const size = Math.min(batch, count);
  const outBytes = size * gp.slots * OUT_STRIDE * 4;
  const paramBuf = device.createBuffer({ size: 32, usage: USAGE.UNIFORM | USAGE.COPY_DST });
  const out = device.createBuffer({ size: bufferSize(outBytes), usage: USAGE.STORAGE | USAGE.COPY_SRC });
  const read = device.createBuffer({ size: bufferSize(outBytes), usage: USAGE.MAP_READ | USAGE.COPY_DST });
  const bindGroup = device.createBindGroup({
    layout: gp.kernels.layout,
    entries: [
      { binding: 0, resource: { buffer: paramBuf } },
      { binding: 1, resource: { buffer: gp.samp } },
      { binding: 2, resource: { buffer: gp.tab } },
      { binding: 3, resource: { buffer: out } },
    ],
  });
  const k0 = seed >>> 0;
  const k1 = Math.floor(seed / 4294967296) >>> 0;
  try {
    for (let start = 0; start < count; start += size) {
      const n = Math.min(size, count - start);
      device.queue.writeBuffer(paramBuf, 0, Uint32Array.of(from + start, n, k0, k1, gp.nsamp, 0, 0, 0));
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(gp.kernels.pipelines.nested);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.ceil(n / WORKGROUP));
      pass.end();
      enc.copyBufferToBuffer(out, 0, read, 0, n * nCuts * OUT_STRIDE * 4);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(USAGE.MAP_READ);
      const mapped = read.getMappedRange(0, n * nCuts * OUT_STRIDE * 4);
      const w = new Uint32Array(mapped.slice(0));
      read.unmap();
      const wf = new Float32Array(w.buffer);
      for (let k = 0; k < nCuts; k++) {
        for (let i = 0; i < n; i++) {
          const o = (k * n + i) * OUT_STRIDE;
          const flags = w[o + 3]!;
          const at = k * count + start + i;
          if (flags & FLAG_SKIPPED) {
            t[at] = Number.NaN;
            gof[at] = Number.NaN;
            veto[at] = 1;
          } else if (flags & FLAG_FAILED) {
            t[at] = Number.POSITIVE_INFINITY;
            gof[at] = Number.POSITIVE_INFINITY;
            veto[at] = 1;
          } else {
            const ndf = w[o + 2]! & 0xffff;
            const npar = w[o + 2]! >>> 16;
            t[at] = wf[o]!;
            gof[at] = gofOf(wf[o + 1]!, ndf);
            veto[at] = flags & FLAG_VETO ? 1 : 0;
            orders[npar - plan.settings.minParams]!++;
            nParams[at] = npar;
          }
        }
      }
    }
  } finally {
    for (const b of [paramBuf, out, read]) b.destroy();
  }
  // Device seconds are not split into fits and scans: the whole run counts as fits.
  return { t, gof, veto, orders, nParams, seconds: { fits: (performance.now() - t0) / 1000, scans: 0 } };
}
