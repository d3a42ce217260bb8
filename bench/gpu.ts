// Pseudo-experiments per second on each available device, side by side: the GPU kernels (any
// WebGPU adapter, software ones included and marked; ARENA_DEVICE=cpu skips it) and the CPU path on
// one thread and on all threads. 60 bins × 1365 windows (widths 1–30 at every position).
// Figures only. Run: npm run bench:gpu   (or: node --import tsx bench/gpu.ts)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deviceModeFromEnv, getDevice } from "@/scorer/compute/device";
import { planToysGpu, runToysGpuPlan } from "@/scorer/bumphunt/gpu/toys-gpu";
import { ToyPool } from "@/scorer/bumphunt/parallel";
import { planToys, runToys } from "@/scorer/bumphunt/toys";

// The reference background (60 bins, 10^5 events) where the fixtures are, else a falling exponential
// of the same size (60 bins, 10^5 events), e.g. on a machine with only this checkout.
const file = path.resolve(process.cwd(), "../shared/fixtures/bumphunter/case_bkg_only.json");
const fromFixture = fs.existsSync(file);
const background: number[] = fromFixture
  ? JSON.parse(fs.readFileSync(file, "utf8")).inputs.ref
  : Array.from(
      { length: 60 },
      (_, i) => (1e5 * (Math.exp(-i / 15) - Math.exp(-(i + 1) / 15))) / (1 - Math.exp(-4)),
    );
console.log(`background: ${fromFixture ? "case_bkg_only.json" : "synthetic exponential"}`);
const rows: [string, number, number][] = [];
const seconds = (t0: number) => (performance.now() - t0) / 1000;

/**
 * Toys per second of `run`, growing the run from `from` toys until it takes ≥ 2 s (or `cap` toys), so
 * that launch and readback costs are amortised.
 */
async function sustainedRate(run: (npe: number) => Promise<unknown>, from: number, cap: number) {
  let npe = from;
  for (;;) {
    const t = performance.now();
    await run(npe);
    const s = seconds(t);
    if (s >= 2 || npe >= cap) return { rate: npe / s, npe };
    npe *= s < 0.25 ? 8 : 2;
  }
}

const dev = deviceModeFromEnv() === "cpu" ? undefined : await getDevice({ mode: "gpu" });
let windows = 0;
if (dev?.kind === "gpu") {
  const t0 = performance.now();
  const plan = await planToysGpu(dev.device, background);
  windows = plan.layout.lo.length;
  await runToysGpuPlan(plan, 1, 0, 4096); // shader compilation happens at the first dispatch
  const setup = seconds(t0);
  const { rate, npe } = await sustainedRate((n) => runToysGpuPlan(plan, 1, 0, n), 1 << 14, 1 << 24);
  console.log(`GPU adapter: ${dev.adapter}${dev.software ? " (software)" : ""}; setup ${setup.toFixed(2)} s`);
  rows.push([`GPU ${dev.software ? "(software) " : ""}f32`, rate, npe]);
} else if (dev) {
  console.log(`GPU: none (${dev.fallbackReason})`);
}

const NPE = 50_000;
const plan = planToys(background);
windows = plan.layout.lo.length;
runToys(plan, 1, 0, 2000); // JIT warm-up
let t0 = performance.now();
runToys(plan, 1, 0, NPE);
rows.push(["CPU 1 thread", NPE / seconds(t0), NPE]);

const threads = os.availableParallelism();
try {
  const pool = new ToyPool(threads);
  await pool.run({ background, seed: 1, npe: 2000 }); // start the workers
  t0 = performance.now();
  await pool.run({ background, seed: 1, npe: NPE });
  rows.push([`CPU ${threads} threads`, NPE / seconds(t0), NPE]);
  await pool.close();
} catch (e) {
  // A bundled copy (carried to a machine without tsx) cannot start the TypeScript worker threads.
  console.log(`CPU ${threads} threads: not measured (${(e as Error).message.split("\n")[0]})`);
}

console.log(`${background.length} bins, ${windows} windows`);
for (const [label, rate, npe] of rows) {
  console.log(`${label.padEnd(24)} ${rate.toFixed(0).padStart(12)} toys/s   (${npe} toys)`);
}

// The refitted, nested pseudo-experiments of SCORING §2 v2 (what the discovery significance runs):
// a plan shaped like the built-in boxes' (gpu/reference-plan.ts: 40 bins, four cuts of 10⁶ … 10³
// events), every toy's every cut refitted, its order chosen and searched. Target (issue 14): 10⁶ toys
// in ≤ 10 s on a GPU. BENCH_NESTED=0 leaves it out.
if (process.env.BENCH_NESTED !== "0") {
  const { referencePlan } = await import("@/scorer/bumphunt/gpu/reference-plan");
  const { runNestedToys } = await import("@/scorer/bumphunt/nested-toys");
  const { runNestedToysParallel } = await import("@/scorer/bumphunt/nested-parallel");
  const nested = referencePlan();
  const lines: [string, number, number][] = [];
  if (dev?.kind === "gpu") {
    const { planNestedToysGpu, runNestedToysGpu, destroyGpuNestedPlan } = await import(
      "@/scorer/bumphunt/gpu/nested-gpu"
    );
    const t1 = performance.now();
    const gp = await planNestedToysGpu(dev.device, nested);
    await runNestedToysGpu(gp, 1, 0, 256); // compiles at the first dispatch
    console.log(`refitted toys: GPU set-up and first dispatch ${seconds(t1).toFixed(1)} s`);
    const { rate, npe } = await sustainedRate((n) => runNestedToysGpu(gp, 1, 0, n), 1 << 10, 1 << 22);
    destroyGpuNestedPlan(gp);
    lines.push([`GPU ${dev.software ? "(software) " : ""}f32`, rate, npe]);
  }
  const n1 = 500;
  runNestedToys(nested, 1, 0, 50); // JIT warm-up
  let t1 = performance.now();
  runNestedToys(nested, 1, 0, n1);
  lines.push(["CPU 1 thread", n1 / seconds(t1), n1]);
  try {
    await runNestedToysParallel(nested, 1, 600, threads); // start the workers
    const nT = 2000;
    t1 = performance.now();
    await runNestedToysParallel(nested, 1, nT, threads);
    lines.push([`CPU ${threads} threads`, nT / seconds(t1), nT]);
  } catch (e) {
    console.log(
      `refitted toys, CPU ${threads} threads: not measured (${(e as Error).message.split("\n")[0]})`,
    );
  }
  console.log("refitted nested toys (4 cuts, 40 bins, every cut of every toy refitted):");
  for (const [label, rate, npe] of lines) {
    console.log(
      `${label.padEnd(24)} ${rate.toFixed(0).padStart(12)} toys/s   (${npe} toys; 10^6 toys in ${(1e6 / rate).toFixed(1)} s)`,
    );
  }
}

// The dense autoencoder baseline: 8 standardised inputs, BENCH_AE_EVENTS events (default 1M) ×
// BENCH_AE_EPOCHS epochs (default 20), batch 4096, with the WGSL trainer (GPU, autoencoder-gpu.ts) and
// TensorFlow.js's wasm backend (CPU). Target: ≤ 10 s on an H100, ≤ 120 s on the 2-core CPU.
const aeEvents = Number(process.env.BENCH_AE_EVENTS ?? 1_000_000);
const aeEpochs = Number(process.env.BENCH_AE_EPOCHS ?? 20);
if (aeEvents > 0) {
  const { trainAutoencoder } = await import("@/scorer/baselines/autoencoder");
  const k = 8;
  const x = new Float64Array(aeEvents * k);
  let state = 12345;
  for (let i = 0; i < x.length; i++) {
    state = (state * 16807) % 2147483647;
    x[i] = (state / 2147483647 - 0.5) * 3.4;
  }
  // On a software adapter (lavapipe) the GPU AE is no faster than the CPU: only with BENCH_AE_SOFTWARE=1.
  const gpuAe = dev?.kind === "gpu" && (!dev.software || process.env.BENCH_AE_SOFTWARE === "1");
  // BENCH_AE_CPU=0 leaves the CPU side out (repeat GPU runs on a lent machine cost less device time).
  const cpuAe = process.env.BENCH_AE_CPU !== "0" || !gpuAe;
  const backends = [...(gpuAe ? ["webgpu" as const] : []), ...(cpuAe ? ["wasm" as const] : [])];
  for (const backend of backends) {
    try {
      const r = await trainAutoencoder(x, aeEvents, k, { epochs: aeEpochs, batchSize: 4096, backend });
      const where = backend === "webgpu" && dev?.kind === "gpu" ? `GPU ${dev.adapter}` : "CPU";
      console.log(
        `AE ${backend.padEnd(7)} (${where}): ${aeEvents} events × ${aeEpochs} epochs trained in ${r.trainSeconds.toFixed(1)} s ` +
          `(${((aeEvents * aeEpochs) / r.trainSeconds / 1e6).toFixed(2)} M event-epochs/s), scored in ${r.inferSeconds.toFixed(2)} s ` +
          `(${(aeEvents / r.inferSeconds / 1e6).toFixed(2)} M events/s); loss ${r.losses[0]?.toFixed(4)} → ${r.losses.at(-1)?.toFixed(4)}`,
      );
    } catch (e) {
      console.log(`AE ${backend}: not measured (${(e as Error).message.split("\n")[0]})`);
    }
  }
}
if (dev?.kind === "gpu") dev.device.destroy();
