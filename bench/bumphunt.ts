// Pseudo-experiment throughput for 60 bins × 1365 windows (the reference background, widths 1–30),
// one thread and all cores, next to pyBumpHunter 0.5. Figures only.
// Run: node --import tsx bench/bumphunt.ts
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ToyPool } from "@/scorer/bumphunt/parallel";
import { planToys, runToys } from "@/scorer/bumphunt/toys";

// reference: fixtures README, pyBumpHunter 0.5 takes 3.4 s per 1000 pseudo-experiments (1365 windows)
const PYBH_PER_S = 294;
const NPE = 50_000;

const file = path.resolve(process.cwd(), "../shared/fixtures/bumphunter/case_bkg_only.json");
const background: number[] = JSON.parse(fs.readFileSync(file, "utf8")).inputs.ref;

let t0 = performance.now();
const plan = planToys(background);
const planMs = performance.now() - t0;
console.log(`60 bins, ${plan.layout.lo.length} windows; plan (tables) ${planMs.toFixed(0)} ms`);

runToys(plan, 1, 0, 2000); // warm-up (JIT)
t0 = performance.now();
runToys(plan, 1, 0, NPE);
const single = NPE / ((performance.now() - t0) / 1000);

const threads = os.availableParallelism();
const pool = new ToyPool(threads);
await pool.run({ background, seed: 1, npe: 2000 }); // start workers and warm up
t0 = performance.now();
await pool.run({ background, seed: 1, npe: NPE });
const all = NPE / ((performance.now() - t0) / 1000);
await pool.close();

const row = (label: string, rate: number) =>
  console.log(
    `${label.padEnd(34)} ${rate.toFixed(0).padStart(8)} /s   ×${(rate / PYBH_PER_S).toFixed(0)} pyBumpHunter`,
  );
row("pyBumpHunter 0.5 (fixtures README)", PYBH_PER_S);
row("1 thread (table build excluded)", single);
row(`${threads} threads (pool warm, incl. build)`, all);
