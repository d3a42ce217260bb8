import { dijetBinIntegrals } from "../dijet";
import { tailGroups } from "../merge";
import type { NestedToyPlan } from "../nested-toys";
import { SQRT_S_GEV } from "@/core/events";

/**
 * A hypertest plan shaped like the built-in boxes' (blackboxes/bb1.json: 40 bins of 100 GeV over
 * 3–7 TeV, widths 2–7, searchP 1e-4) with four nested cuts of 10⁶, 10⁵, 10⁴ and 10³ events from one
 * 3-parameter dijet shape, each cut's tail merged as the data's would be. `skip` lists cuts whose
 * toys are drawn but not analysed. For the GPU/CPU comparison tests and bench:gpu.
 */
export function referencePlan(skip: number[] = []): NestedToyPlan {
  const edges = Array.from({ length: 41 }, (_, i) => 3000 + 100 * i);
  const shape = dijetBinIntegrals(edges, { p0: 1, p1: 8, p2: 6, p3: 0 });
  const total = shape.reduce((a, b) => a + b, 0);
  return {
    edges,
    settings: {
      sqrtS: SQRT_S_GEV,
      widthMin: 2,
      widthMax: 7,
      alphaOrder: 0.05,
      searchP: 1e-4,
      minParams: 3,
      maxParams: 6,
    },
    maxPull: 4,
    cuts: [1e6, 1e5, 1e4, 1e3].map((n, k) => {
      const background = Array.from(shape, (s) => (n * s) / total);
      return {
        probeStart: { p0: n / total, p1: 8, p2: 6, p3: 0 },
        background,
        bounds: tailGroups(background.map(Math.round), 10),
        analyse: !skip.includes(k),
      };
    }),
  };
}
