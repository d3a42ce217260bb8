/**
 * The events a cut efficiency ε keeps (SCORING §2 step 1): the ⌈ε·N⌉ highest scores. Equal scores
 * pass together, so at the boundary either every tied event is kept or none is — whichever count is
 * closer to ⌈ε·N⌉; when both are equally close, all are kept (a cut never splits equal scores and
 * never keeps fewer events than asked for on a tie).
 *
 * Returns the indices of the kept events, in input order; the input is not modified.
 * @throws RangeError when ε is not in (0, 1] or scores are empty or not finite.
 * @example selectTop(Float64Array.of(0.1, 0.9, 0.5, 0.5), 0.5) // Int32Array [1, 2, 3] (tie at 0.5: 3 is as close to 2 as 1 is)
 */
export function selectTop(scores: ArrayLike<number>, efficiency: number): Int32Array {
  return topSelector(scores)(efficiency);
}

/**
 * selectTop for several efficiencies of the same scores: sorts once (the sort is most of the cost
 * for 10⁶ events), then each call is one pass.
 * @throws RangeError as selectTop (empty or non-finite scores at once, a bad ε per call).
 */
export function topSelector(scores: ArrayLike<number>): (efficiency: number) => Int32Array {
  const n = scores.length;
  if (n === 0) throw new RangeError("no events to select from");
  const sorted = Float64Array.from(scores).sort().reverse();
  if (!Number.isFinite(sorted[0]!) || !Number.isFinite(sorted[n - 1]!))
    throw new RangeError("scores must be finite");
  return (efficiency) => pick(scores, sorted, efficiency);
}

function pick(scores: ArrayLike<number>, sorted: Float64Array, efficiency: number): Int32Array {
  const n = scores.length;
  if (!(efficiency > 0 && efficiency <= 1))
    throw new RangeError(`cut efficiency must be in (0, 1], got ${efficiency}`);
  const k = Math.ceil(efficiency * n);
  const threshold = sorted[k - 1]!;
  let above = 0; // scores strictly above the boundary value
  while (above < n && sorted[above]! > threshold) above++;
  let atOrAbove = above;
  while (atOrAbove < n && sorted[atOrAbove] === threshold) atOrAbove++;
  const keepTies = atOrAbove - k <= k - above;
  const out = new Int32Array(keepTies ? atOrAbove : above);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s > threshold || (keepTies && s === threshold)) out[j++] = i;
  }
  return out;
}

/** Histogram `values[indices]` into bins [edges[i], edges[i+1]); values outside the edges are dropped. */
export function histogram(
  values: ArrayLike<number>,
  indices: ArrayLike<number>,
  edges: ArrayLike<number>,
): Float64Array {
  const nb = edges.length - 1;
  const counts = new Float64Array(nb);
  const lo = edges[0]!;
  const hi = edges[nb]!;
  for (let j = 0; j < indices.length; j++) {
    const v = values[indices[j]!]!;
    if (!(v >= lo && v < hi)) continue;
    let a = 0;
    let b = nb; // binary search: edges[a] <= v < edges[b]
    while (b - a > 1) {
      const mid = (a + b) >> 1;
      if (v >= edges[mid]!) a = mid;
      else b = mid;
    }
    counts[a]! += 1;
  }
  return counts;
}
