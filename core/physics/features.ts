import { FEATURE_NAMES } from "@/core/events";
import { clusterAntiKt, entryEta, entryMass, entryPhi, invariantMass } from "./antikt";
import { Clusterer, triplesOf } from "./cluster";
import { NSubjettiness, tauRatio } from "./nsubjettiness";

export { FEATURE_NAMES };
export const N_JET_FEATURES = FEATURE_NAMES.length;
/** Particle slots in an LHCO 2020 row: 700 × (pT, η, φ), zero-padded (then, at 2101, the label). */
export const LHCO_SLOTS = 700;

/**
 * The 13 dijet features of one event, in `FEATURE_NAMES` order (mjj, mj1, mj2, tau21_1, tau21_2,
 * tau32_1, tau32_2, pt1, pt2, eta1, eta2, phi1, phi2; GeV), from anti-kT R = 1.0 jets (see
 * `antikt.ts`) and kT-axis N-subjettiness (see `nsubjettiness.ts`). Jet 1 is the leading-pT jet, as
 * in the generator's `fillRow`; η is the pseudorapidity, φ ∈ [−π, π]; mjj is the mass of the two
 * jets' 4-vector sum. An event with one jet gets zeros for every jet-2 feature and mjj = 0; an event
 * with no particles gets all zeros. Reuses its buffers: one instance per thread.
 */
export class JetFeatures {
  readonly clusterer = new Clusterer();
  private nsub = new NSubjettiness();
  private taus = new Float64Array(3);

  /** Features of the event stored as `slots` (pT, η, φ) triples at data[offset…], into out[at…]. */
  fromTriples(
    data: ArrayLike<number>,
    offset: number,
    slots: number,
    out: Float32Array | Float64Array,
    at = 0,
  ): void {
    const c = this.clusterer;
    c.loadTriples(data, offset, slots);
    clusterAntiKt(c);
    out.fill(0, at, at + N_JET_FEATURES);
    const nJets = Math.min(2, c.nInclusive);
    for (let j = 0; j < nJets; j++) {
      const h = c.inclusive[j]!;
      const taus = this.taus;
      this.nsub.compute(c, h, taus);
      const tau1 = taus[0]!;
      const tau2 = taus[1]!;
      const tau3 = taus[2]!;
      out[at + 1 + j] = entryMass(c, h);
      out[at + 3 + j] = tauRatio(tau2, tau1);
      out[at + 5 + j] = tauRatio(tau3, tau2);
      out[at + 7 + j] = Math.sqrt(c.kt2(h));
      out[at + 9 + j] = entryEta(c, h);
      out[at + 11 + j] = entryPhi(c, h);
    }
    if (nJets === 2) {
      const a = c.inclusive[0]!;
      const b = c.inclusive[1]!;
      out[at] = invariantMass(
        c.px[a]! + c.px[b]!,
        c.py[a]! + c.py[b]!,
        c.pz[a]! + c.pz[b]!,
        c.e[a]! + c.e[b]!,
      );
    }
  }
}

/**
 * The 13 features of one event given as particle arrays (pT ≤ 0 entries are padding and dropped).
 * @example eventFeatures([1500, 1400], [0, 0], [0, Math.PI])[0]; // → 2898.2753… = 2√(1500 · 1400), back to back
 */
export function eventFeatures(
  pt: ArrayLike<number>,
  eta: ArrayLike<number>,
  phi: ArrayLike<number>,
): Float64Array {
  const out = new Float64Array(N_JET_FEATURES);
  new JetFeatures().fromTriples(triplesOf(pt, eta, phi), 0, pt.length, out);
  return out;
}
