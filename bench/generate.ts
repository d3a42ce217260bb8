/**
 * `npm run bench:generate`: generator throughput (1M Pythia background + 100k W' → XY signal) on one
 * thread and on all cores, and the public HDF5 write speed on the same events. Figures only; target:
 * 1M events in ≤ 1 s.
 */
import os from "node:os";
import { writePublicFile } from "@/core/formats";
import { generateEvents } from "@/blackboxes/generator/generate";
import { generateEventsParallel } from "@/blackboxes/generator/parallel";
import { SQRT_S_GEV } from "@/core/events";

const spec = {
  background: { n: 1_000_000 },
  signals: [{ model: "resonance-xy", n: 100_000, mass: 3500, mX: 500, mY: 100 }],
};
const threads = os.availableParallelism();
const rate = (n: number, s: number) => `${(n / s / 1e6).toFixed(2)} M events/s`;
generateEvents({ background: { n: 20_000 } }, 1); // warm-up (JIT)
await generateEventsParallel({ background: { n: 100_000 } }, 1); // starts the worker pool
for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  const g = generateEvents(spec, rep);
  const s1 = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const p = await generateEventsParallel(spec, rep, threads);
  const sp = (performance.now() - t1) / 1000;
  const same = Buffer.from(p.features.buffer).equals(Buffer.from(g.features.buffer));
  const n = g.labels.length;
  const eventIds = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
  const t2 = performance.now();
  const file = await writePublicFile({
    features: g.features,
    featureNames: g.featureNames,
    eventIds,
    attrs: { slug: "bench", version: 1, sqrtS: SQRT_S_GEV, units: "GeV" },
  });
  const w = (performance.now() - t2) / 1000;
  console.log(
    `${n} events: 1 thread ${s1.toFixed(3)} s (${rate(n, s1)}); ${threads} threads ${sp.toFixed(3)} s ` +
      `(${rate(n, sp)}, ×${(s1 / sp).toFixed(2)}, identical bytes: ${same}; target 1M events ≤ 1 s); ` +
      `public.h5 ${(file.length / 1e6).toFixed(1)} MB written in ${w.toFixed(3)} s (${(file.length / 1e6 / w).toFixed(0)} MB/s)`,
  );
}
