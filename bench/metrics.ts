/**
 * Times ROC + AUC on 1M seeded synthetic events, ours against sklearn on the same data when
 * /usr/bin/python3 has it. Prints figures and ratios only.
 *   node --import tsx bench/metrics.ts [nEvents] [repetitions]
 */
import { spawnSync } from "node:child_process";
import { mulberry32 } from "@/core/rng/mulberry32";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { aucFromRoc } from "@/scorer/metrics/auc";
import { rocCurve } from "@/scorer/metrics/roc";
import { truthMetrics } from "@/scorer/metrics/truth";

const n = Number(process.argv[2] ?? 1_000_000);
const reps = Number(process.argv[3] ?? 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const r = mulberry32(42);
const scores = new Float64Array(n);
const labels = new Int8Array(n);
for (let i = 0; i < n; i++) {
  const u = r();
  labels[i] = u < 0.01 ? 1 : u < 0.02 ? 2 : 0;
  // signal shifted up; rounded to 1e-5 so there are ties, as real scores often have
  scores[i] = Math.round((r() + r() + (labels[i]! > 0 ? 0.6 : 0)) * 1e5) / 1e5;
}

const times: number[] = [];
let area = 0;
for (let k = 0; k < reps; k++) {
  const t0 = performance.now();
  area = aucFromRoc(rocCurve(scores, labels));
  times.push(performance.now() - t0);
}
const ours = median(times);
const tFull: number[] = [];
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  truthMetrics(scores, labels);
  tFull.push(performance.now() - t0);
}
console.log(`events ${n}, repetitions ${reps}`);
console.log(`ours   rocCurve + aucFromRoc: median ${ours.toFixed(1)} ms (AUC ${area})`);
console.log(`ours   truthMetrics (overall + 2 components + curves): median ${median(tFull).toFixed(1)} ms`);

const dir = mkdtempSync(path.join(tmpdir(), "metrics-bench-"));
try {
  writeFileSync(path.join(dir, "scores.f64"), scores);
  writeFileSync(path.join(dir, "labels.i8"), labels);
  const py = `
import sys, time, numpy as np
from sklearn.metrics import roc_curve, roc_auc_score
d = sys.argv[1]; reps = int(sys.argv[2])
s = np.fromfile(d + "/scores.f64", dtype="<f8"); y = (np.fromfile(d + "/labels.i8", dtype=np.int8) > 0).astype(int)
ts = []
for _ in range(reps):
    t0 = time.perf_counter(); roc_curve(y, s, drop_intermediate=False); a = roc_auc_score(y, s); ts.append(time.perf_counter() - t0)
import sklearn; print(sorted(ts)[len(ts)//2] * 1000, repr(a), sklearn.__version__)
`;
  const out = spawnSync("/usr/bin/python3", ["-c", py, dir, String(reps)], { encoding: "utf8" });
  if (out.status !== 0) {
    console.log(`sklearn not timed: ${(out.stderr || out.error?.message || "").trim().split("\n").at(-1)}`);
  } else {
    const [ms, pyAuc, version] = out.stdout.trim().split(" ");
    const theirs = Number(ms);
    console.log(
      `sklearn ${version} roc_curve + roc_auc_score: median ${theirs.toFixed(1)} ms (AUC ${pyAuc})`,
    );
    console.log(`|ΔAUC| ${Math.abs(area - Number(pyAuc)).toExponential(2)}`);
    console.log(`ratio ours/sklearn ${(ours / theirs).toFixed(3)} (target ≤ 0.333)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
