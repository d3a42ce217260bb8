import { dijet } from "@/scorer/bumphunt/dijet";
import { mulberry32 } from "@/core/rng/mulberry32";

/**
 * A toy LHCO-like box for discovery tests: `nBkg` background dijet masses drawn from the dijet shape
 * (p0 = 1, p1 = 8, `p2`, p3 = 0) by inverse CDF on a 1 GeV grid over [from, to], scores N(0, 1); and
 * `nSig` signal events at `mass` (Gaussian, σ = `width`) with scores N(`shift`, 1). Deterministic in `seed`.
 */
export function dijetBox(o: {
  nBkg: number;
  nSig: number;
  seed: number;
  p2: number;
  from: number;
  to: number;
  mass: number;
  width: number;
  shift: number;
}): { mass: Float64Array; scores: Float64Array } {
  const u = mulberry32(o.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const grid: number[] = [];
  const cdf: number[] = [];
  let acc = 0;
  for (let m = o.from; m <= o.to; m += 1) {
    acc += dijet(m + 0.5, { p0: 1, p1: 8, p2: o.p2, p3: 0 });
    grid.push(m + 1);
    cdf.push(acc);
  }
  const sample = () => {
    const r = u() * acc;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return grid[lo]! - u();
  };
  const n = o.nBkg + o.nSig;
  const mass = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const signal = i >= o.nBkg;
    mass[i] = signal ? o.mass + o.width * normal() : sample();
    scores[i] = (signal ? o.shift : 0) + normal();
  }
  return { mass, scores };
}
