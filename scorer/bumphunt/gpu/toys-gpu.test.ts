import { afterAll, describe, expect, it } from "vitest";
import { getDevice } from "../../compute/device";
import { globalPvalue } from "../global";
import { runToysParallel } from "../parallel";
import { windowLogP } from "../pvalue";
import { loadReferenceCases, settingsOf } from "../reference-cases";
import { scan } from "../scan";
import { planToys, runToys } from "../toys";
import {
  destroyGpuPlan,
  type GpuToyPlan,
  planToysGpu,
  runToysGpuPlan,
  scanHistsGpu,
  windowTGpu,
} from "./toys-gpu";
import { countBelow } from "@/tests/support/sorted";

// These tests need a WebGPU adapter; a software one is enough (CI installs Mesa's lavapipe).
const dev = await getDevice({ mode: "gpu", log: false });
const gpu = dev.kind === "gpu" ? dev : undefined;
const skipNote = dev.kind === "cpu" ? ` (skipped: ${dev.fallbackReason})` : "";
if (!gpu) console.warn(`GPU pseudo-experiment tests skipped: ${dev.kind === "cpu" && dev.fallbackReason}`);

/** f32 accuracy of t = −ln p against the float64 CPU (measured max: 1.8e-6 below t = 5, 5.3e-7·t above). */
const tTol = (t: number) => 4e-6 + 1e-6 * t;

const cases = loadReferenceCases();
const plans: GpuToyPlan[] = [];
afterAll(() => {
  for (const p of plans) destroyGpuPlan(p);
});
async function plan(ref: ArrayLike<number>, settings: Parameters<typeof planToysGpu>[2]) {
  const p = await planToysGpu(gpu!.device, ref, settings);
  plans.push(p);
  return p;
}

describe.skipIf(!gpu)(`GPU window p-value (f32)${skipNote}`, () => {
  it.each(["excess", "deficit"] as const)("gives t within tTol of the float64 CPU (%s)", async (mode) => {
    const p = await plan([1, 1], { mode, widthMax: 1 });
    const pairs: { n: number; beta: number }[] = [];
    for (let lb = -1; lb <= 6; lb += 0.02) {
      const beta = 10 ** lb * 1.0137;
      const ns = new Set<number>();
      for (let z = -40; z <= 40; z += 0.5) ns.add(Math.max(0, Math.round(beta + z * Math.sqrt(beta))));
      for (const f of [0, 0.1, 0.59, 0.61, 1.5, 1.7, 5]) ns.add(Math.round(beta * f));
      for (let n = 0; n < 30; n++) ns.add(n);
      for (const n of ns) pairs.push({ n, beta });
    }
    const t = await windowTGpu(p, pairs);
    const off: string[] = [];
    pairs.forEach(({ n, beta }, i) => {
      const ref = -windowLogP(n, beta, mode);
      if ((ref === 0) !== (t[i] === 0) || Math.abs(t[i]! - ref) > tTol(ref))
        off.push(`n=${n} β=${beta}: ${t[i]} vs ${ref}`);
    });
    expect(off.slice(0, 10)).toEqual([]);
  });
});

describe.skipIf(!gpu)(`GPU scan of given histograms${skipNote}`, () => {
  it.each(cases)("finds the CPU's bump and t on $file and on 300 of its CPU toys", async (c) => {
    const settings = settingsOf(c);
    const p = await plan(c.inputs.ref, settings);
    const hists: number[][] = [c.inputs.data];
    runToys(planToys(c.inputs.ref, settings), 5, 0, 300, (_, h) => hists.push(Array.from(h)));
    const g = await scanHistsGpu(p, hists);
    const off: string[] = [];
    hists.forEach((h, i) => {
      const cpu = scan(h, c.inputs.ref, settings);
      const ts = cpu.windowPvaluesByWidth.flat().map((x) => -Math.log(x));
      const best = p.layout.lo.findIndex((lo, w) => lo === cpu.locBin && p.layout.width[w] === cpu.widthBins);
      // The same window, unless another is within f32 reach of the best (then either may win).
      const gw = g.window[i]!;
      const tie = gw !== best && Math.abs(ts[gw]! - cpu.t) <= 2 * tTol(cpu.t);
      if (Math.abs(g.t[i]! - cpu.t) > tTol(cpu.t) || (gw !== best && !tie))
        off.push(`hist ${i}: window ${gw} t=${g.t[i]} vs ${best} t=${cpu.t}`);
    });
    expect(off).toEqual([]);
  });
});

// Toy distributions: the reference cases share backgrounds (bkg_only, sig200 and sig600 have the
// same reference and settings), so each distinct (reference, settings) is run once.
const NPE = 100_000;
const distinct = [...new Map(cases.map((c) => [JSON.stringify([c.inputs.ref, settingsOf(c)]), c])).values()];

describe.skipIf(!gpu)(`GPU pseudo-experiments against the CPU${skipNote}`, () => {
  it.each(distinct)(
    `draw the CPU's counts for the same (seed, toy) in most toys ($file)`,
    { timeout: 60_000 },
    async (c) => {
      const settings = settingsOf(c);
      const p = await plan(c.inputs.ref, settings);
      const from = 1000;
      const tg = await runToysGpuPlan(p, 77, from, from + 5000, 1024); // several batches
      const tc = runToys(planToys(c.inputs.ref, settings), 77, from, from + 5000);
      let same = 0;
      for (let j = 0; j < tg.length; j++) if (Math.abs(tg[j]! - tc[j]!) <= tTol(tc[j]!)) same++;
      // f32 rounding at a sampling boundary changes a toy's draws: measured 0.03–0.05% of toys.
      expect(same / tg.length).toBeGreaterThan(0.99);
      // batching and offsets do not change a toy
      const again = await runToysGpuPlan(p, 77, from + 100, from + 200);
      expect(Array.from(again)).toEqual(Array.from(tg.subarray(100, 200)));
    },
  );

  it.each(distinct)(
    `give the CPU's t distribution for ${NPE} independent toys each ($file)`,
    { timeout: 300_000 },
    async (c) => {
      const settings = settingsOf(c);
      const p = await plan(c.inputs.ref, settings);
      // Different seeds: the two samples must be independent for the two-sample tests.
      const tg = Float64Array.from(await runToysGpuPlan(p, 1_000_003, 0, NPE)).sort();
      const tc = Float64Array.from(
        await runToysParallel({ background: c.inputs.ref, settings, seed: 2_000_003, npe: NPE }),
      ).sort();
      expect(ksPvalue(tg, tc)).toBeGreaterThan(0.01);
      // Quantiles: the GPU fraction below the CPU quantile x_q brackets q within 4σ of the difference
      // of two binomial fractions (the bracket handles tied t, e.g. the t = 0 atom of edge_small).
      for (const q of [0.5, 0.9, 0.99]) {
        const x = tc[Math.floor(q * (NPE - 1))]!;
        const tol = 4 * Math.sqrt(q * (1 - q) * (2 / NPE)) + 1 / NPE;
        const below = countBelow(tg, x - tTol(x), false) / NPE;
        const atOrBelow = countBelow(tg, x + tTol(x), true) / NPE;
        expect(below - tol, `q=${q}`).toBeLessThanOrEqual(q);
        expect(atOrBelow + tol, `q=${q}`).toBeGreaterThanOrEqual(q);
      }
      // The reference cases' global p-values, as toys.test.ts checks the CPU (SCORING.md §2 tolerance).
      for (const r of cases.filter((x) => sameSetup(x, c))) {
        const g = globalPvalue(scan(r.inputs.data, r.inputs.ref, settings).t, tg);
        const ref = r.outputs.global;
        const pBar = (ref.n_pe_t_ge_tobs + g.nGe) / (ref.npe + NPE);
        const tol = 3 * Math.sqrt(pBar * (1 - pBar) * (1 / ref.npe + 1 / NPE));
        expect(Math.abs(g.pvalue - ref.pvalue), r.file).toBeLessThanOrEqual(tol);
      }
    },
  );
});

function sameSetup(a: (typeof cases)[number], b: (typeof cases)[number]): boolean {
  return JSON.stringify([a.inputs.ref, settingsOf(a)]) === JSON.stringify([b.inputs.ref, settingsOf(b)]);
}

/**
 * Two-sample Kolmogorov–Smirnov p-value of sorted samples (asymptotic, Numerical Recipes kstwo/probks).
 * Values within tTol count as equal: a discrete t (small counts) is an f32 atom on the GPU and a
 * float64 atom on the CPU.
 */
function ksPvalue(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    const xe = x + tTol(x);
    while (i < a.length && a[i]! <= xe) i++;
    while (j < b.length && b[j]! <= xe) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  const en = Math.sqrt((a.length * b.length) / (a.length + b.length));
  const lambda = (en + 0.12 + 0.11 / en) * d;
  let sum = 0;
  let sign = 1;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * sign * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-12) return Math.min(1, Math.max(0, sum));
    sign = -sign;
  }
  return 1; // λ → 0: no convergence of the series, p = 1
}
