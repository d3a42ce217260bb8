import { N_FEATURES } from "@/core/events";

/**
 * Percentiles 5/16/50/84/95 measured on the official LHC Olympics 2020 R&D files (fixtures README,
 * "Facts about the LHC Olympics 2020 samples"). Jet masses and τ21 are in the signal region
 * 3.3 < mjj < 3.7 TeV; "heavy"/"light" = the heavier/lighter of the two leading jets.
 * Caveat: the mjj and pT1 percentiles equal, to the GeV, those of the tiny file's 907 background and
 * 93 signal events (statistical error ≈ 1–2% for background, ≈ 2–4% for signal), while srFraction is
 * the full sample's (the tiny file has 15.7 ± 1.2% in the signal region).
 */
export const LHCO = {
  background: {
    mjj: [2378, 2533, 3039, 3751, 4443],
    srFraction: 0.121,
    pt1: [1213, 1238, 1354, 1604, 1827],
    heavy: [89, 135, 268, 495, 654],
    light: [40, 58, 108, 214, 328],
    tau21Heavy: 0.49,
    tau21Light: 0.6,
  },
  signal: {
    mjj: [3151, 3309, 3466, 3657, 3748],
    heavy: [267, 461, 500, 536, 583],
    light: [90, 98, 111, 147, 230],
    tau21Heavy: 0.19,
    tau21Light: 0.38,
  },
} as const;

export const PERCENTILES = [0.05, 0.16, 0.5, 0.84, 0.95] as const;

export interface Summary {
  mjj: number[];
  pt1: number[];
  srFraction: number;
  heavy: number[];
  light: number[];
  tau21Heavy: number;
  tau21Light: number;
}

/** Sample quantile, linear interpolation between order statistics (numpy's default, type 7). */
export function quantiles(values: Float64Array, ps: readonly number[]): number[] {
  const v = Float64Array.from(values).sort();
  return ps.map((p) => {
    const h = (v.length - 1) * p;
    const lo = Math.floor(h);
    const a = v[lo] as number;
    return a + (h - lo) * ((v[Math.min(lo + 1, v.length - 1)] as number) - a);
  });
}

/** The LHCO summary numbers of the events carrying `label`. */
export function lhcoSummary(features: Float32Array, labels: Int8Array, label: number): Summary {
  const mjj: number[] = [];
  const pt1: number[] = [];
  const heavy: number[] = [];
  const light: number[] = [];
  const tH: number[] = [];
  const tL: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== label) continue;
    const o = i * N_FEATURES;
    const m = features[o] as number;
    mjj.push(m);
    pt1.push(features[o + 7] as number);
    if (m <= 3300 || m >= 3700) continue;
    const first = (features[o + 1] as number) >= (features[o + 2] as number);
    heavy.push(features[o + (first ? 1 : 2)] as number);
    light.push(features[o + (first ? 2 : 1)] as number);
    tH.push(features[o + (first ? 3 : 4)] as number);
    tL.push(features[o + (first ? 4 : 3)] as number);
  }
  const q = (a: number[]) => quantiles(Float64Array.from(a), PERCENTILES);
  const med = (a: number[]) => quantiles(Float64Array.from(a), [0.5])[0] as number;
  return {
    mjj: q(mjj),
    pt1: q(pt1),
    srFraction: heavy.length / mjj.length,
    heavy: q(heavy),
    light: q(light),
    tau21Heavy: med(tH),
    tau21Light: med(tL),
  };
}
