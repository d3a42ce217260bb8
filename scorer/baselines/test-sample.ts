/** A deterministic dijet-like feature sample for the baseline tests (not a physics model). */
import { FEATURE_NAMES } from "@/core/events";
import { mulberry32 } from "@/core/rng/mulberry32";

/** The feature columns of a generated LHCO-like public file. */
export const NAMES: string[] = [...FEATURE_NAMES];

/** Uniform and normal draws from mulberry32, so the sample is the same on every run. */
function rng(seed: number) {
  const u = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  return { u, normal };
}

/** N dijet-like rows [N, 13] with correlated masses, substructure and pTs (float64). */
export function sample(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n * NAMES.length);
  for (let i = 0; i < n; i++) {
    const pt1 = 1200 + 400 * -Math.log(1 - r.u());
    const pt2 = pt1 * (0.7 + 0.25 * r.u());
    const mj1 = Math.exp(4.5 + 0.6 * r.normal());
    const mj2 = mj1 * (0.3 + r.u()) + 20 * r.u();
    const t21 = 0.3 + 0.15 * r.normal() + 0.0002 * mj1;
    const row = [
      2 * Math.sqrt(pt1 * pt2) * (1 + 0.2 * r.u()),
      mj1,
      mj2,
      t21,
      0.5 * t21 + 0.2 * r.u(),
      0.7 + 0.1 * r.normal(),
      0.6 + 0.1 * r.normal() + 0.2 * t21,
      pt1,
      pt2,
      r.normal(),
      r.normal(),
      Math.PI * (2 * r.u() - 1),
      Math.PI * (2 * r.u() - 1),
    ];
    out.set(row, i * NAMES.length);
  }
  return out;
}
