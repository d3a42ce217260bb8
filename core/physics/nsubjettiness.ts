import { Clusterer, triplesOf } from "./cluster";

/** fjcontrib's JetDefinition::max_allowable_R: kT with this radius merges everything pairwise. */
const KT_AXES_R = 1000;
const TWO_PI = 2 * Math.PI;

/**
 * N-subjettiness τ1, τ2, τ3 of one jet, β = 1, R0 = 1, normalised as fjcontrib Nsubjettiness
 * `NormalizedMeasure(1, 1)`: τ_N = Σ_k pT_k min_a ΔR(a, k) / (Σ_k pT_k · R0), ΔR² = Δy² + Δφ² (Δφ
 * wrapped; rapidity y, not η).
 *
 * Axes: fjcontrib's `KT_Axes` (= ExclusiveJetAxes with kT, R = 1000, E-scheme), no minimisation. The
 * constituents are reclustered once with kT; the exclusive N-jet axes are the jets alive after the first
 * n − N merges, so N = 1 is the whole jet and each next N undoes the latest remaining merge (the
 * youngest alive jet is split into its parents). A jet with n ≤ N constituents has each one as an axis:
 * τ_N = 0. Exclusive-kT axes are not a minimisation, so τ3 ≤ τ2 ≤ τ1 is usual but not guaranteed.
 */
export class NSubjettiness {
  private kt = new Clusterer();
  private axes = new Int32Array(3);

  /**
   * τ1, τ2, τ3 of history entry `jet` of clusterer `c` (its constituents are c's particles), written
   * to out[at], out[at + 1], out[at + 2]. An empty jet gives zeros.
   */
  compute(c: Clusterer, jet: number, out: Float64Array, at = 0): void {
    const m = c.count[jet]!;
    const kt = this.kt;
    kt.reset(m);
    // the anti-kT clusterer has each particle's rapidity and φ already: no log or atan2 again
    for (let k = 0, p = c.first[jet]!; k < m; k++, p = c.next[p]!)
      kt.addWithRapPhi(c.px[p]!, c.py[p]!, c.pz[p]!, c.e[p]!, c.rap[p]!, c.phi[p]!);
    kt.run(false, KT_AXES_R);
    let ptSum = 0;
    for (let k = 0; k < m; k++) ptSum += Math.sqrt(kt.kt2(k));
    const axes = this.axes;
    let nAxes = 1;
    axes[0] = kt.nMerges > 0 ? m + kt.nMerges - 1 : 0;
    for (let nTau = 1; nTau <= 3; nTau++) {
      if (nTau > 1) this.split(nAxes++);
      out[at + nTau - 1] = m > 0 && ptSum > 0 ? this.sumPtDr(m, nAxes) / ptSum : 0;
    }
  }

  /** Replace the youngest axis (highest history index) by its two parents, if it is a merge. */
  private split(nAxes: number): void {
    const axes = this.axes;
    const kt = this.kt;
    let youngest = 0;
    for (let i = 1; i < nAxes; i++) if (axes[i]! > axes[youngest]!) youngest = i;
    const merge = axes[youngest]! - kt.n;
    if (merge < 0) {
      axes[nAxes] = -1; // every axis is already a particle: nothing left to split
      return;
    }
    axes[youngest] = kt.parentA[merge]!;
    axes[nAxes] = kt.parentB[merge]!;
  }

  /** Σ_k pT_k min_a ΔR(a, k) over the kt clusterer's particles. */
  private sumPtDr(m: number, nAxes: number): number {
    const { rap, phi } = this.kt;
    const axes = this.axes;
    let sum = 0;
    for (let k = 0; k < m; k++) {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < nAxes; i++) {
        const a = axes[i]!;
        if (a < 0) continue;
        const adphi = Math.abs(phi[k]! - phi[a]!);
        const dphi = Math.min(adphi, TWO_PI - adphi);
        const dy = rap[k]! - rap[a]!;
        const d2 = dphi * dphi + dy * dy;
        if (d2 < best) best = d2;
      }
      sum += Math.sqrt(this.kt.kt2(k)) * Math.sqrt(best);
    }
    return sum;
  }
}

/** τ2/τ1 and τ3/τ2, each 0 when its denominator is 0 (a one- or two-particle jet). */
export function tauRatio(num: number, den: number): number {
  return den > 0 ? num / den : 0;
}

/**
 * τ1, τ2, τ3 of a jet made of the given massless particles (pT, η, φ; pT ≤ 0 entries are dropped);
 * allocates, for one-off use.
 * @example nsubjettiness([100], [0], [0]); // → [0, 0, 0]
 */
export function nsubjettiness(
  pt: ArrayLike<number>,
  eta: ArrayLike<number>,
  phi: ArrayLike<number>,
): [number, number, number] {
  const c = new Clusterer();
  c.loadTriples(triplesOf(pt, eta, phi), 0, pt.length);
  // everything merged into one entry: the jet whose constituents are all the particles
  c.run(false, KT_AXES_R);
  const out = new Float64Array(3);
  if (c.n > 0) new NSubjettiness().compute(c, c.nMerges > 0 ? c.n + c.nMerges - 1 : 0, out);
  return [out[0]!, out[1]!, out[2]!];
}
