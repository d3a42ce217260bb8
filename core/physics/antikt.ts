import { Clusterer, triplesOf } from "./cluster";

/** The jet radius of the LHC Olympics 2020 jets (anti-kT, R = 1.0). */
export const JET_R = 1.0;

/** One jet with its kinematics; `constituents` index the event's non-zero-pT particles in order. */
export interface Jet {
  px: number;
  py: number;
  pz: number;
  e: number;
  pt: number;
  eta: number;
  /** φ in [−π, π]. */
  phi: number;
  m: number;
  constituents: Int32Array;
}

/** Pseudorapidity asinh(pz/pT) of history entry h (0 for pT = 0). */
export function entryEta(c: Clusterer, h: number): number {
  const pt = Math.sqrt(c.kt2(h));
  return pt > 0 ? Math.asinh(c.pz[h]! / pt) : 0;
}

/** φ ∈ [−π, π] of history entry h. */
export function entryPhi(c: Clusterer, h: number): number {
  return Math.atan2(c.py[h]!, c.px[h]!);
}

/** Invariant mass as FastJet's PseudoJet::m(): m² = (E + pz)(E − pz) − pT², negative m if m² < 0. */
export function invariantMass(px: number, py: number, pz: number, e: number): number {
  const m2 = (e + pz) * (e - pz) - (px * px + py * py);
  return m2 < 0 ? -Math.sqrt(-m2) : Math.sqrt(m2);
}

/** Mass of history entry h. */
export function entryMass(c: Clusterer, h: number): number {
  return invariantMass(c.px[h]!, c.py[h]!, c.pz[h]!, c.e[h]!);
}

/**
 * Anti-kT on the loaded particles (tiled, see `Clusterer.runAntiKtTiled`); `c.inclusive[0 …
 * c.nInclusive)` are then the jets by pT.
 */
export function clusterAntiKt(c: Clusterer, r = JET_R): void {
  c.runAntiKtTiled(r);
  c.sortInclusiveByPt();
}

/**
 * Inclusive anti-kT jets (E-scheme, no pT cut) of massless particles given as (pT, η, φ), sorted by
 * pT, as FastJet 3.4 `ClusterSequence(particles, JetDefinition(antikt_algorithm, r)).inclusive_jets()`
 * then `sorted_by_pt`. Particles with pT ≤ 0 are dropped (padding). Allocates: for one-off use; the
 * feature pipeline works on a `Clusterer` directly.
 * @example antiKtJets([100, 50], [0, 0], [0, 3]).length; // → 2 (ΔR = 3 > R)
 */
export function antiKtJets(
  pt: ArrayLike<number>,
  eta: ArrayLike<number>,
  phi: ArrayLike<number>,
  r = JET_R,
): Jet[] {
  const c = new Clusterer();
  c.loadTriples(triplesOf(pt, eta, phi), 0, pt.length);
  clusterAntiKt(c, r);
  return Array.from(c.inclusive.subarray(0, c.nInclusive), (h) => jetOf(c, h));
}

/** History entry h as a plain Jet. */
export function jetOf(c: Clusterer, h: number): Jet {
  const constituents = new Int32Array(c.count[h]!);
  for (let k = 0, p = c.first[h]!; k < constituents.length; k++, p = c.next[p]!) constituents[k] = p;
  constituents.sort();
  return {
    px: c.px[h]!,
    py: c.py[h]!,
    pz: c.pz[h]!,
    e: c.e[h]!,
    pt: Math.sqrt(c.kt2(h)),
    eta: entryEta(c, h),
    phi: entryPhi(c, h),
    m: entryMass(c, h),
    constituents,
  };
}
