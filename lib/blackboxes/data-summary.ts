import { z } from "zod";

/** One feature's histogram over all events of the public file (public data: no labels, no components). */
export const featureHistogramSchema = z.object({
  name: z.string(),
  /** "GeV" or "" (dimensionless). */
  unit: z.string(),
  /** Bin edges, ascending (empty when the feature has no finite value). */
  edges: z.array(z.number()),
  /** Events per bin: [edges[i], edges[i+1]), the last bin closed, as numpy.histogram. */
  counts: z.array(z.number().int()),
  /** Events below edges[0] and above the last edge. */
  underflow: z.number().int(),
  overflow: z.number().int(),
  /** Events whose value is NaN or infinite. */
  missing: z.number().int(),
});
export type FeatureHistogram = z.infer<typeof featureHistogramSchema>;

/**
 * What the box page draws of the data (`black_boxes.data_summary`): the mass spectrum and the other
 * features' distributions, computed once at build time from the public file's contents.
 */
export const dataSummarySchema = z.object({
  events: z.number().int(),
  /** The box's mass feature (the scoring config's), null for a box without one. */
  mass: featureHistogramSchema.nullable(),
  /** Every other public feature, in the file's column order. */
  features: z.array(featureHistogramSchema),
});
export type DataSummary = z.infer<typeof dataSummarySchema>;

/** Mass: 60 bins over its 0.1 %–99.9 % quantiles; the rest: 40 bins over 0.5 %–99.5 %. */
export const MASS_BINS = { bins: 60, q: 0.001 } as const;
export const FEATURE_BINS = { bins: 40, q: 0.005 } as const;

/** Quantile of sorted values, numpy's default ("linear", type 7 of Hyndman & Fan). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  const lo = sorted[i]!;
  const hi = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return lo + (h - i) * (hi - lo);
}

/**
 * Histogram of `values` in `bins` equal bins between the `q` and `1 − q` quantiles of its finite
 * values: the edges are numpy.linspace(lo, hi, bins + 1), the counts numpy.histogram(x, bins,
 * range=(lo, hi)) (last bin closed); values outside the range are counted as under/overflow, NaN and
 * ±∞ as missing. A constant feature gets the range (v − 0.5, v + 0.5), as numpy does.
 *
 * @example featureHistogram("x", "", Float64Array.of(0, 1, 2, 3, 4), 2, 0)
 *   // { edges: [0, 2, 4], counts: [2, 3], underflow: 0, overflow: 0, missing: 0, … }
 */
export function featureHistogram(
  name: string,
  unit: string,
  values: ArrayLike<number>,
  bins: number,
  q: number,
): FeatureHistogram {
  const finite = Float64Array.from(values).filter(Number.isFinite).sort();
  const missing = values.length - finite.length;
  if (finite.length === 0) return { name, unit, edges: [], counts: [], underflow: 0, overflow: 0, missing };
  let lo = quantileSorted(finite, q);
  let hi = quantileSorted(finite, 1 - q);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? hi : lo + i * step));
  const counts = new Array<number>(bins).fill(0);
  let underflow = 0;
  let overflow = 0;
  for (const v of finite) {
    if (v < lo) underflow++;
    else if (v > hi) overflow++;
    else {
      // the bin by arithmetic, corrected against the edges themselves (numpy does the same)
      let b = Math.min(bins - 1, Math.floor((v - lo) / step));
      if (v < edges[b]!) b--;
      else if (b < bins - 1 && v >= edges[b + 1]!) b++;
      counts[b]!++;
    }
  }
  return { name, unit, edges, counts, underflow, overflow, missing };
}

/**
 * The data summary of a box's events: `features` row-major (n × names.length, as in the public
 * file), `massFeature` the scoring config's mass (absent from the file or null: no mass spectrum).
 */
export function dataSummary(
  features: ArrayLike<number>,
  names: readonly string[],
  units: readonly string[],
  massFeature: string | null,
): DataSummary {
  const nf = names.length;
  const n = nf === 0 ? 0 : Math.floor(features.length / nf);
  const column = (j: number) => Float64Array.from({ length: n }, (_, i) => features[i * nf + j]!);
  let mass: FeatureHistogram | null = null;
  const others: FeatureHistogram[] = [];
  names.forEach((name, j) => {
    const unit = units[j] ?? "";
    if (name === massFeature) mass = featureHistogram(name, unit, column(j), MASS_BINS.bins, MASS_BINS.q);
    else others.push(featureHistogram(name, unit, column(j), FEATURE_BINS.bins, FEATURE_BINS.q));
  });
  return { events: n, mass, features: others };
}
