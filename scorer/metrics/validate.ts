import { invalidInput } from "./errors";
import type { Labels, Scores } from "./types";

/**
 * Checks per-event scores and labels before any metric: same length, at least 2 events, every score
 * finite, every label a non-negative integer, at least one background (0) and one signal (> 0) event.
 * Reads the inputs only.
 *
 * @throws InputError naming the field, and the first bad row where there is one.
 * @example
 * validateScoresLabels(new Float64Array([0.2, 0.9]), new Int8Array([0, 1])); // → { nSignal: 1, nBackground: 1 }
 */
export function validateScoresLabels(
  scores: Scores,
  labels: Labels,
): { nSignal: number; nBackground: number } {
  const n = scores.length;
  if (labels.length !== n) {
    throw invalidInput("labels", `scores has ${n} entries but labels has ${labels.length}; they must match`);
  }
  if (n < 2) throw invalidInput("scores", `need at least 2 events, got ${n}`);
  let nSignal = 0;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (!Number.isFinite(s)) {
      throw invalidInput("scores", `score at row ${i} is ${s}; scores must be finite numbers`, { row: i });
    }
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0) {
      throw invalidInput("labels", `label at row ${i} is ${y}; labels must be integers ≥ 0`, { row: i });
    }
    if (y > 0) nSignal++;
  }
  const nBackground = n - nSignal;
  if (nSignal === 0 || nBackground === 0) {
    const missing = nSignal === 0 ? "signal (label > 0)" : "background (label 0)";
    throw invalidInput("labels", `only one class present: no ${missing} events among ${n}`);
  }
  return { nSignal, nBackground };
}
