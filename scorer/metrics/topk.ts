import { invalidInput } from "./errors";
import type { MaybeNumber, TopKMetrics } from "./results";
import type { Labels } from "./types";

/**
 * Precision@K and recall@K of a top-K event-ID submission (SCORING §4, ADC2021 style):
 * precision = #signal among the K IDs / K, recall = #signal among the K IDs / #signal in the box,
 * overall and per component k (found_k / injected_k).
 * The box's IDs and labels are parallel arrays; nothing is changed.
 *
 * @throws InputError when K is not a positive integer ≤ the box size, the box's ids and
 * labels differ in length or hold a duplicate, the submission does not hold exactly K IDs, or an ID
 * is not an integer, is repeated (naming it) or is not in the box (naming the first ones).
 * @example
 * topKMetrics({ ids: [7, 3], k: 2, boxIds: [1, 3, 5, 7], boxLabels: [0, 1, 0, 1] }).precision; // → 1
 */
export function topKMetrics(input: {
  ids: ArrayLike<number>;
  k: number;
  boxIds: ArrayLike<number>;
  boxLabels: Labels;
}): TopKMetrics {
  const { ids, k, boxIds, boxLabels } = input;
  if (boxIds.length !== boxLabels.length) {
    throw invalidInput("boxLabels", `box has ${boxIds.length} ids but ${boxLabels.length} labels`);
  }
  if (!Number.isInteger(k) || k < 1 || k > boxIds.length) {
    throw invalidInput("k", `K must be an integer between 1 and the box size ${boxIds.length}, got ${k}`);
  }
  if (ids.length !== k) throw invalidInput("ids", `expected exactly K = ${k} event IDs, got ${ids.length}`);

  const labelOf = new Map<number, number>();
  const injected = new Map<number, number>();
  for (let i = 0; i < boxIds.length; i++) {
    const id = boxIds[i]!;
    const y = boxLabels[i]!;
    if (labelOf.has(id)) throw invalidInput("boxIds", `box event id ${id} appears twice`);
    labelOf.set(id, y);
    if (y > 0) injected.set(y, (injected.get(y) ?? 0) + 1);
  }

  const seen = new Set<number>();
  const unknown: number[] = [];
  const found = new Map<number, number>();
  for (let i = 0; i < k; i++) {
    const id = ids[i]!;
    if (!Number.isInteger(id))
      throw invalidInput("ids", `event ID at position ${i} is ${id}; IDs are integers`);
    if (seen.has(id)) throw invalidInput("ids", `event ID ${id} appears more than once`, { id });
    seen.add(id);
    const y = labelOf.get(id);
    if (y === undefined) unknown.push(id);
    else if (y > 0) found.set(y, (found.get(y) ?? 0) + 1);
  }
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(", ");
    throw invalidInput("ids", `${unknown.length} event ID(s) not in this box: ${shown}`, {
      unknown: unknown.slice(0, 20),
    });
  }

  let signalFound = 0;
  for (const c of found.values()) signalFound += c;
  let signalInjected = 0;
  for (const c of injected.values()) signalInjected += c;
  const components = [...injected.keys()]
    .sort((a, b) => a - b)
    .map((component) => {
      const f = found.get(component) ?? 0;
      const n = injected.get(component)!;
      return { component, found: f, injected: n, recall: f / n };
    });
  const recall: MaybeNumber =
    signalInjected > 0
      ? { value: signalFound / signalInjected }
      : { value: null, reason: "this box has no injected signal, so recall is undefined" };
  return { k, signalFound, signalInjected, precision: signalFound / k, recall, components };
}
