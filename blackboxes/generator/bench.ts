/**
 * `npm run bench:generate`: generator throughput (1M Pythia background + 100k W' → XY signal) and
 * the public HDF5 write speed on the same events. Figures only; targets: 1M events in ≤ 1 s.
 */
import { writePublicFile } from "@/lib/formats";
import { generateEvents } from "./generate";

const spec = {
  background: { n: 1_000_000 },
  signals: [{ model: "resonance-xy", n: 100_000, mass: 3500, mX: 500, mY: 100 }],
};
generateEvents({ background: { n: 20_000 } }, 1); // warm-up (JIT)
for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  const g = generateEvents(spec, rep);
  const s = (performance.now() - t0) / 1000;
  const eventIds = BigInt64Array.from({ length: g.labels.length }, (_, i) => BigInt(i));
  const t1 = performance.now();
  const file = await writePublicFile({
    features: g.features,
    featureNames: g.featureNames,
    eventIds,
    attrs: { slug: "bench", version: 1, sqrtS: 13_000, units: "GeV" },
  });
  const w = (performance.now() - t1) / 1000;
  console.log(
    `${g.labels.length} events generated in ${s.toFixed(3)} s (${(g.labels.length / s / 1e6).toFixed(2)} M events/s, ` +
      `target 1M/s); public.h5 ${(file.length / 1e6).toFixed(1)} MB written in ${w.toFixed(3)} s (${(file.length / 1e6 / w).toFixed(0)} MB/s)`,
  );
}
