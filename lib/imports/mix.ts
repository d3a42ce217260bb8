import type { Seed } from "@/blackboxes/generator/seed";
import { seededPermutation } from "@/blackboxes/generator/generate";
import { ImportError } from "./types";

/** One file's events before mixing: row-major float32 [n, F] and the label every row gets. */
export type MixPart = { name: string; label: number; features: Float32Array; n: number };

/**
 * Concatenate the files' events (in the order given) and shuffle the rows with a seeded permutation,
 * so that row order and event ids (0…N−1 after the shuffle) say nothing about which file an event
 * came from. Row i of the result is row `perm[i]` of the concatenation; the seed and the file order
 * are in the truth params, so the permutation can be recomputed.
 */
export function mixParts(parts: MixPart[], nFeatures: number, seed: Seed) {
  const n = parts.reduce((s, p) => s + p.n, 0);
  if (n === 0) throw new ImportError("the files hold no events");
  // Row j of the concatenation is row j − start[k] of part k: read in place, not copied together.
  const partOf = new Uint16Array(n);
  const start: number[] = [];
  let at = 0;
  for (const [k, p] of parts.entries()) {
    if (p.features.length !== p.n * nFeatures)
      throw new Error(`${p.name}: ${p.features.length} values for ${p.n} × ${nFeatures}`);
    start.push(at);
    partOf.fill(k, at, at + p.n);
    at += p.n;
  }
  const perm = seededPermutation(n, seed);
  const features = new Float32Array(n * nFeatures);
  const labels = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const j = perm[i] as number;
    const k = partOf[j] as number;
    const p = parts[k] as MixPart;
    const row = j - (start[k] as number);
    features.set(p.features.subarray(row * nFeatures, (row + 1) * nFeatures), i * nFeatures);
    labels[i] = p.label;
  }
  const eventIds = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
  return { features, labels, eventIds, n };
}

const GEV = /^(MET|mjj|mj\d|pt\d)$|_(pt|E)$/;

/** Units of imported feature columns: GeV for energies, momenta and masses, "" for angles and counts. */
export function unitsOf(names: readonly string[]): string[] {
  return names.map((f) => (GEV.test(f) ? "GeV" : ""));
}
