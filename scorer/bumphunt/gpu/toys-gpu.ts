/// <reference types="@webgpu/types" />
import {
  bufferSize,
  type ComputeKernels,
  computeKernels,
  MAX_WORKGROUPS,
  USAGE,
} from "@/scorer/compute/wgsl";
import type { ToyJob } from "../parallel";
import { layoutWindows, type ScanSettings, type WindowLayout } from "../windows";
import { kernelSource, SAMP_STRIDE, WIN_STRIDE, WORKGROUP } from "./kernels";

/**
 * Pseudo-experiments on a WebGPU device: the GPU counterpart of toys.ts (`planToys`/`runToys`) and
 * parallel.ts (`runToysParallel`).
 *
 * Toy j uses the CPU's Philox4x32-10 stream (key = seed, counter = (block, j, 0, 0)) and the CPU's
 * pairing of words into 53-bit uniforms, rounded to f32, and the same samplers (inversion below
 * λ = 10, PTRS above) evaluated in f32. So most toys draw exactly the CPU's counts, but not all: an
 * f32 rounding near a sampling boundary changes a count (and then the rest of that toy's stream).
 * Reproducible for (seed, j) on one device and independent of batching; statistically the same
 * distribution as the CPU. Windows are those of windows.ts; t = −ln p_min is f32 (see kernels.ts
 * for the p-value and its accuracy). Side-band normalisation is not implemented on the GPU.
 */

/** Toys per dispatch (≤ 65 535 workgroups × 64). */
export const DEFAULT_BATCH = 1 << 20;
/** Items per dispatch at most: one per invocation of MAX_WORKGROUPS workgroups. */
const MAX_BATCH = MAX_WORKGROUPS * WORKGROUP;

type Entry = "toys" | "scanHists" | "evalT";

/** Everything the kernels need for one background, uploaded once. */
export interface GpuToyPlan {
  device: GPUDevice;
  layout: WindowLayout;
  /** Bins with b > 0 (sampled). */
  nsamp: number;
  pipelines: ComputeKernels<Entry>;
  win: GPUBuffer;
  samp: GPUBuffer;
}

export async function planToysGpu(
  device: GPUDevice,
  background: ArrayLike<number>,
  settings: ScanSettings = {},
): Promise<GpuToyPlan> {
  const layout = layoutWindows(background, settings);
  if (layout.sideband) throw new RangeError("side-band normalisation is not implemented on the GPU");
  const nw = layout.lo.length;
  const winWords = new ArrayBuffer(nw * WIN_STRIDE * 4);
  const wu = new Uint32Array(winWords);
  const wf = new Float32Array(winWords);
  for (let w = 0; w < nw; w++) {
    const [bInt, bFrac] = splitCount(layout.beta[w]!);
    wu[w * WIN_STRIDE] = layout.lo[w]!;
    wu[w * WIN_STRIDE + 1] = layout.width[w]!;
    wu[w * WIN_STRIDE + 2] = bInt;
    wf[w * WIN_STRIDE + 3] = bFrac;
  }
  const bins: number[] = [];
  for (let i = layout.first; i < layout.end; i++) if (background[i]! > 0) bins.push(i);
  const sampWords = new ArrayBuffer(Math.max(1, bins.length) * SAMP_STRIDE * 4);
  const su = new Uint32Array(sampWords);
  const sf = new Float32Array(sampWords);
  bins.forEach((bin, k) => {
    writeSampler(su, sf, k * SAMP_STRIDE, bin, background[bin]!);
  });
  return {
    device,
    layout,
    nsamp: bins.length,
    pipelines: await computeKernels(
      device,
      kernelSource(layout.nbins),
      ["uniform", "read", "read", "write", "write", "read"],
      ["toys", "scanHists", "evalT"],
    ),
    win: upload(device, winWords),
    samp: upload(device, sampWords),
  };
}

/**
 * Sampled bin `o / SAMP_STRIDE` of a `samp` buffer (kernels.ts `poisson`): `word0` (the bin or
 * wherever the caller puts the count), floor(λ), then the f32 bits of frac(λ), λ, e^−λ and the PTRS
 * constants a, b, ln(1/α), v_r of numpy's random_poisson_ptrs and poisson.ts.
 */
export function writeSampler(su: Uint32Array, sf: Float32Array, o: number, word0: number, lam: number): void {
  const [lInt, lFrac] = splitCount(lam);
  const b = 0.931 + 2.53 * Math.sqrt(lam);
  const a = -0.059 + 0.02483 * b;
  su[o] = word0;
  su[o + 1] = lInt;
  sf[o + 2] = lFrac;
  sf[o + 3] = lam;
  sf[o + 4] = Math.exp(-lam);
  sf[o + 5] = a;
  sf[o + 6] = b;
  sf[o + 7] = Math.log(1.1239 + 1.1328 / (b - 3.4));
  sf[o + 8] = 0.9277 - 3.6224 / (b - 2);
}

/** Release a plan's buffers (the pipelines stay cached with the device). */
export function destroyGpuPlan(plan: GpuToyPlan): void {
  plan.win.destroy();
  plan.samp.destroy();
}

/**
 * t = −ln p_min of toys j = from … to − 1 (as `runToys(plan, seed, from, to)`), in batches of
 * `batch` toys per dispatch so that any number of toys fits in bounded GPU memory.
 */
export async function runToysGpuPlan(
  plan: GpuToyPlan,
  seed: number,
  from: number,
  to: number,
  batch = DEFAULT_BATCH,
): Promise<Float64Array> {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be an integer ≥ 0, got ${seed}`);
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= 2 ** 32)) {
    throw new RangeError(`bad toy range [${from}, ${to})`);
  }
  if (!(Number.isInteger(batch) && batch >= 1 && batch <= MAX_BATCH)) {
    throw new RangeError(`batch must be in 1…${MAX_BATCH}, got ${batch}`);
  }
  const out = new Float64Array(to - from);
  const k0 = seed >>> 0;
  const k1 = Math.floor(seed / 4294967296) >>> 0;
  await dispatchBatches(
    plan,
    "toys",
    to - from,
    batch,
    (start) => [from + start, k0, k1],
    undefined,
    (start, t) => out.set(t, start),
  );
  return out;
}

/**
 * Scan given histograms (each nbins counts, integers ≥ 0) on the GPU: per histogram the largest
 * t = −ln p and the index (in layout order) of the window holding it.
 */
export async function scanHistsGpu(
  plan: GpuToyPlan,
  hists: ArrayLike<number>[],
): Promise<{ t: Float64Array; window: Int32Array }> {
  const nb = plan.layout.nbins;
  const words = new Uint32Array(Math.max(1, hists.length * nb));
  hists.forEach((h, i) => {
    if (h.length !== nb) throw new RangeError(`histogram ${i} has ${h.length} bins, expected ${nb}`);
    for (let k = 0; k < nb; k++) {
      const c = h[k]!;
      if (!(Number.isInteger(c) && c >= 0 && c < 2 ** 32)) throw new RangeError(`bad count ${c}`);
      words[i * nb + k] = c;
    }
  });
  const t = new Float64Array(hists.length);
  const window = new Int32Array(hists.length);
  await dispatchBatches(
    plan,
    "scanHists",
    hists.length,
    MAX_BATCH,
    () => [0, 0, 0],
    words,
    (s, tt, ww) => {
      t.set(tt, s);
      window.set(ww!, s);
    },
  );
  return { t, window };
}

/**
 * t = −ln p of single windows with n observed and β expected, by the kernels' f32 p-value (test
 * and accuracy support). β is split as on the GPU (integer part + f32 fraction).
 */
export async function windowTGpu(
  plan: GpuToyPlan,
  pairs: { n: number; beta: number }[],
): Promise<Float64Array> {
  const words = new ArrayBuffer(Math.max(1, pairs.length) * 12);
  const u = new Uint32Array(words);
  const f = new Float32Array(words);
  pairs.forEach(({ n, beta }, i) => {
    const [bInt, bFrac] = splitCount(beta);
    u[3 * i] = n;
    u[3 * i + 1] = bInt;
    f[3 * i + 2] = bFrac;
  });
  const t = new Float64Array(pairs.length);
  await dispatchBatches(
    plan,
    "evalT",
    pairs.length,
    MAX_BATCH,
    () => [0, 0, 0],
    u,
    (s, tt) => t.set(tt, s),
  );
  return t;
}

/** β = integer part (u32) + fraction rounded to f32 and kept below 1. */
export function splitCount(x: number): [number, number] {
  if (!(x >= 0) || x >= 2 ** 32) throw new RangeError(`count ${x} out of the GPU range [0, 2^32)`);
  const i = Math.floor(x);
  return [i, Math.min(Math.fround(x - i), 0.99999994)];
}

export function upload(device: GPUDevice, data: ArrayBuffer | Uint32Array<ArrayBuffer>): GPUBuffer {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const buf = device.createBuffer({
    size: bufferSize(bytes.byteLength),
    usage: USAGE.STORAGE | USAGE.COPY_DST,
  });
  device.queue.writeBuffer(buf, 0, bytes);
  return buf;
}

/**
 * Run an entry point over `total` items in batches: params(start) gives (from, k0, k1) of a batch;
 * results come back per batch (t as f32 widened to double, and for scanHists the window indices).
 */
async function dispatchBatches(
  plan: GpuToyPlan,
  entry: "toys" | "scanHists" | "evalT",
  total: number,
  batch: number,
  params: (start: number) => [number, number, number],
  data: Uint32Array<ArrayBuffer> | undefined,
  onBatch: (start: number, t: Float32Array, w?: Uint32Array) => void,
): Promise<void> {
  if (total === 0) return;
  const { device, pipelines: pl, layout } = plan;
  const size = Math.min(batch, total);
  const withW = entry === "scanHists";
  const paramBuf = device.createBuffer({ size: 32, usage: USAGE.UNIFORM | USAGE.COPY_DST });
  const outT = device.createBuffer({ size: size * 4, usage: USAGE.STORAGE | USAGE.COPY_SRC });
  const outW = device.createBuffer({ size: withW ? size * 4 : 16, usage: USAGE.STORAGE | USAGE.COPY_SRC });
  const read = device.createBuffer({ size: size * (withW ? 8 : 4), usage: USAGE.MAP_READ | USAGE.COPY_DST });
  const stride = entry === "evalT" ? 3 : entry === "scanHists" ? layout.nbins : 0;
  const dataBuf = upload(device, data ?? new Uint32Array(4));
  const bindGroup = device.createBindGroup({
    layout: pl.layout,
    entries: [
      { binding: 0, resource: { buffer: paramBuf } },
      { binding: 1, resource: { buffer: plan.win } },
      { binding: 2, resource: { buffer: plan.samp } },
      { binding: 3, resource: { buffer: outT } },
      { binding: 4, resource: { buffer: outW } },
      { binding: 5, resource: { buffer: dataBuf } },
    ],
  });
  const modeCode = layout.mode === "excess" ? 0 : 1;
  try {
    for (let start = 0; start < total; start += size) {
      const count = Math.min(size, total - start);
      const [from, k0, k1] = params(start);
      device.queue.writeBuffer(
        paramBuf,
        0,
        Uint32Array.of(from, count, k0, k1, layout.lo.length, plan.nsamp, modeCode, 0),
      );
      if (stride > 0 && start > 0) {
        // Later batches of given data: shift the data window (rare: > 4M histograms or pairs).
        device.queue.writeBuffer(dataBuf, 0, data!, start * stride, count * stride);
      }
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(pl.pipelines[entry]);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.ceil(count / WORKGROUP));
      pass.end();
      enc.copyBufferToBuffer(outT, 0, read, 0, count * 4);
      if (withW) enc.copyBufferToBuffer(outW, 0, read, size * 4, count * 4);
      device.queue.submit([enc.finish()]);
      await read.mapAsync(USAGE.MAP_READ);
      const mapped = read.getMappedRange();
      const t = new Float32Array(mapped, 0, count).slice();
      const w = withW ? new Uint32Array(mapped, size * 4, count).slice() : undefined;
      read.unmap();
      onBatch(start, t, w);
    }
  } finally {
    for (const b of [paramBuf, outT, outW, read, dataBuf]) b.destroy();
  }
}

/**
 * `runToysParallel`'s job on a GPU device: t of toys 0 … npe − 1 (or from … from + npe − 1), in toy
 * order. Builds and releases a plan per call; keep a {@link GpuToyPlan} to run many batches.
 */
export async function runToysGpu(
  job: ToyJob & { device: GPUDevice; from?: number; batch?: number },
): Promise<Float64Array> {
  const plan = await planToysGpu(job.device, job.background, job.settings);
  try {
    const from = job.from ?? 0;
    return await runToysGpuPlan(plan, job.seed, from, from + job.npe, job.batch);
  } finally {
    destroyGpuPlan(plan);
  }
}
