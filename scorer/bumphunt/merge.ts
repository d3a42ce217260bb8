/**
 * The upper tail of a cut's spectrum, merged (SCORING §2 research note §7: "Above that, merge bins;
 * do not drop them"). From the top of the range down, bins are merged until each merged bin holds at
 * least `minCount` events, stopping at the first original bin that holds that many by itself; a
 * leftover below minCount joins the merged bin beneath it. Without this, a flexible fit can drop to
 * μ ≪ 1 in an empty tail bin and one or two events there become a "bump" of t ≈ 20 — in the data and
 * in the toys alike, so the test stays calibrated but loses power and its tail turns heavy.
 * The grouping is the data's; every pseudo-experiment of the cut uses the same one.
 *
 * Returns the group boundaries: indices into the original bins, bounds[0] = 0, last = nbins.
 * @example tailGroups([50, 30, 12, 4, 3, 2, 1, 5], 10) // [0, 1, 2, 4, 8]: 12 + 4 and 3 + 2 + 1 + 5 merged
 */
export function tailGroups(counts: ArrayLike<number>, minCount: number): number[] {
  const n = counts.length;
  const upper: number[] = [n];
  let acc = 0;
  let i = n - 1;
  for (; i >= 0; i--) {
    if (acc === 0 && counts[i]! >= minCount) break;
    acc += counts[i]!;
    if (acc >= minCount) {
      upper.push(i);
      acc = 0;
    }
  }
  // A leftover (acc > 0 below minCount) joins the group above it, when there is one.
  if (acc > 0 && upper.length > 1) upper.pop();
  if (acc > 0 || upper[upper.length - 1] !== i + 1) upper.push(i + 1);
  const bounds = Array.from({ length: Math.max(0, i + 1) }, (_, k) => k);
  for (let k = upper.length - 1; k >= 0; k--)
    if (bounds[bounds.length - 1] !== upper[k]) bounds.push(upper[k]!);
  return bounds;
}

/** Sums of `values` over each group. */
export function mergeBins(values: ArrayLike<number>, bounds: readonly number[]): Float64Array {
  const out = new Float64Array(bounds.length - 1);
  for (let g = 0; g + 1 < bounds.length; g++)
    for (let i = bounds[g]!; i < bounds[g + 1]!; i++) out[g]! += values[i]!;
  return out;
}

/** The merged bins' edges. */
export function mergedEdges(edges: ArrayLike<number>, bounds: readonly number[]): number[] {
  return bounds.map((b) => edges[b]!);
}
