/**
 * Sequential-recombination jet clustering (anti-kT and kT), E-scheme, FastJet's definitions:
 * y = ½ ln((E + pz)/(E − pz)) computed as FastJet's `PseudoJet::_set_rap_phi` does, φ ∈ [0, 2π),
 * ΔR² = Δy² + Δφ² (Δφ wrapped), d_ij = min(s_i, s_j) ΔR²/R², d_iB = s_i with s = pT⁻² (anti-kT) or
 * pT² (kT). The loop is FastJet's `_simple_N2_cluster` (strategy N2Plain): every jet caches its
 * nearest neighbour; after a step only jets whose neighbour was merged are rescanned, so O(N²) with
 * the same scan order and strict `<` tie-breaking. State lives in typed arrays reused across events.
 * The kT reclustering of N-subjettiness runs here (R = 1000: one tile would hold everything); anti-kT
 * events go through the tiled loop of `tiled.ts`, which shares this history.
 */

const TWO_PI = 2 * Math.PI;
/** FastJet's MaxRap: the rapidity given to a jet with pT = 0 and E = |pz|. */
const MAX_RAP = 1e5;

/** FastJet's rapidity of a 4-vector (stable for massless and very forward momenta). */
export function rapidity(px: number, py: number, pz: number, e: number): number {
  const kt2 = px * px + py * py;
  const absPz = Math.abs(pz);
  if (e === absPz && kt2 === 0) return pz >= 0 ? MAX_RAP + absPz : -(MAX_RAP + absPz);
  const m2 = Math.max(0, (e + pz) * (e - pz) - kt2);
  const ePlusPz = e + absPz;
  const rap = 0.5 * Math.log((kt2 + m2) / (ePlusPz * ePlusPz));
  return pz > 0 ? -rap : rap;
}

/** φ in [0, 2π), FastJet's internal convention (0 for pT = 0). */
export function phi02pi(px: number, py: number): number {
  if (px === 0 && py === 0) return 0;
  let phi = Math.atan2(py, px);
  if (phi < 0) phi += TWO_PI;
  if (phi >= TWO_PI) phi -= TWO_PI;
  return phi;
}

/**
 * A reusable clustering engine. Load particles with `reset` + `add`, then `run`. The history holds
 * the n particles followed by one entry per pairwise merge (child of merge k is history index n + k);
 * each entry's constituents are a linked list of particle indices (`first`/`next`, `count`).
 */
export class Clusterer {
  /** History 4-vectors, rapidity, φ ∈ [0, 2π). */
  px = new Float64Array(0);
  py = new Float64Array(0);
  pz = new Float64Array(0);
  e = new Float64Array(0);
  rap = new Float64Array(0);
  phi = new Float64Array(0);
  /** Constituent lists per history entry: first particle, last particle, size; next per particle. */
  first = new Int32Array(0);
  last = new Int32Array(0);
  count = new Int32Array(0);
  next = new Int32Array(0);
  /** Parents of merge k (history indices); its child is n + k. */
  parentA = new Int32Array(0);
  parentB = new Int32Array(0);
  nMerges = 0;
  /** History indices of the inclusive jets (those that went to the beam), in beam order. */
  inclusive = new Int32Array(0);
  nInclusive = 0;
  n = 0;
  // brief-jet arrays of the N2Plain loop (slot order changes as jets are removed)
  private bRap = new Float64Array(0);
  private bPhi = new Float64Array(0);
  private bScale = new Float64Array(0);
  private bNNDist = new Float64Array(0);
  private diJ = new Float64Array(0);
  private bNN = new Int32Array(0);
  private bIdx = new Int32Array(0);

  /** Empty the event, with room for `capacity` particles. */
  reset(capacity: number): void {
    if (this.next.length < capacity) this.grow(capacity);
    this.n = 0;
  }

  private grow(cap: number): void {
    const h = 2 * cap;
    this.px = new Float64Array(h);
    this.py = new Float64Array(h);
    this.pz = new Float64Array(h);
    this.e = new Float64Array(h);
    this.rap = new Float64Array(h);
    this.phi = new Float64Array(h);
    this.first = new Int32Array(h);
    this.last = new Int32Array(h);
    this.count = new Int32Array(h);
    this.next = new Int32Array(cap);
    this.parentA = new Int32Array(cap);
    this.parentB = new Int32Array(cap);
    this.inclusive = new Int32Array(cap);
    this.bRap = new Float64Array(cap);
    this.bPhi = new Float64Array(cap);
    this.bScale = new Float64Array(cap);
    this.bNNDist = new Float64Array(cap);
    this.diJ = new Float64Array(cap);
    this.bNN = new Int32Array(cap);
    this.bIdx = new Int32Array(cap);
  }

  /** Append a particle given as a 4-vector; returns its index. Call `reset` with enough room first. */
  add(px: number, py: number, pz: number, e: number): number {
    return this.addWithRapPhi(px, py, pz, e, rapidity(px, py, pz, e), phi02pi(px, py));
  }

  /** `add` with the rapidity and φ ∈ [0, 2π) already known (copied from another clusterer). */
  addWithRapPhi(px: number, py: number, pz: number, e: number, rap: number, phi: number): number {
    const i = this.n++;
    this.px[i] = px;
    this.py[i] = py;
    this.pz[i] = pz;
    this.e[i] = e;
    this.rap[i] = rap;
    this.phi[i] = phi;
    this.first[i] = i;
    this.last[i] = i;
    this.count[i] = 1;
    this.next[i] = -1;
    return i;
  }

  /** Append a massless particle from (pT, η, φ), built as FastJet's PtYPhiM(pT, η, φ, 0) does. */
  addPtEtaPhi(pt: number, eta: number, phi: number): number {
    const ey = Math.exp(eta);
    const plus = pt * ey;
    const minus = pt / ey;
    return this.add(pt * Math.cos(phi), pt * Math.sin(phi), 0.5 * (plus - minus), 0.5 * (plus + minus));
  }

  private setEntry(h: number, px: number, py: number, pz: number, e: number): void {
    this.px[h] = px;
    this.py[h] = py;
    this.pz[h] = pz;
    this.e[h] = e;
    this.rap[h] = rapidity(px, py, pz, e);
    this.phi[h] = phi02pi(px, py);
  }

  /** Slot s of the brief-jet arrays now describes history entry h (no neighbour yet). */
  private setBrief(s: number, h: number, antiKt: boolean, r2: number): void {
    const kt2 = this.px[h]! * this.px[h]! + this.py[h]! * this.py[h]!;
    this.bRap[s] = this.rap[h]!;
    this.bPhi[s] = this.phi[h]!;
    // FastJet's jet_scale_for_algorithm, including its guard against pT = 0
    this.bScale[s] = antiKt ? (kt2 > 1e-300 ? 1 / kt2 : 1e300) : kt2;
    this.bNN[s] = -1;
    this.bNNDist[s] = r2;
    this.bIdx[s] = h;
  }

  private dij(s: number): number {
    const nn = this.bNN[s]!;
    let scale = this.bScale[s]!;
    if (nn >= 0 && this.bScale[nn]! < scale) scale = this.bScale[nn]!;
    return this.bNNDist[s]! * scale;
  }

  /**
   * Cluster the loaded particles to completion: anti-kT (`antiKt`) or kT with radius `r`. Fills the
   * history, the merge list and `inclusive`. kT with a huge r (fjcontrib uses 1000) merges everything
   * pairwise before any beam step, which is what exclusive-jet axes need.
   */
  run(antiKt: boolean, r: number): void {
    const n = this.n;
    const r2 = r * r;
    const { bRap, bPhi, bNN, bNNDist, diJ } = this;
    this.nMerges = 0;
    this.nInclusive = 0;
    for (let s = 0; s < n; s++) this.setBrief(s, s, antiKt, r2);
    // initial neighbours: each jet against all earlier ones, updating both (FastJet's crosscheck)
    for (let a = 1; a < n; a++) {
      const ya = bRap[a]!;
      const pa = bPhi[a]!;
      let best = r2;
      let nn = -1;
      for (let b = 0; b < a; b++) {
        const adphi = Math.abs(pa - bPhi[b]!);
        // = FastJet's `if (dphi > π) dphi = 2π − dphi`, branch-free
        const dphi = Math.min(adphi, TWO_PI - adphi);
        const dy = ya - bRap[b]!;
        const d = dphi * dphi + dy * dy;
        if (d < best) {
          best = d;
          nn = b;
        }
        if (d < bNNDist[b]!) {
          bNNDist[b] = d;
          bNN[b] = a;
        }
      }
      bNN[a] = nn;
      bNNDist[a] = best;
    }
    for (let s = 0; s < n; s++) diJ[s] = this.dij(s);
    let tail = n;
    while (tail > 0) {
      let min = diJ[0]!;
      let a = 0;
      for (let s = 1; s < tail; s++) {
        if (diJ[s]! < min) {
          min = diJ[s]!;
          a = s;
        }
      }
      let b = bNN[a]!;
      if (b >= 0) {
        if (a < b) {
          const t = a;
          a = b;
          b = t;
        }
        this.setBrief(b, this.merge(this.bIdx[a]!, this.bIdx[b]!), antiKt, r2);
      } else {
        this.inclusive[this.nInclusive++] = this.bIdx[a]!;
      }
      tail--;
      // slot a now takes the last slot's jet
      diJ[a] = diJ[tail]!;
      bRap[a] = bRap[tail]!;
      bPhi[a] = bPhi[tail]!;
      this.bScale[a] = this.bScale[tail]!;
      bNN[a] = bNN[tail]!;
      bNNDist[a] = bNNDist[tail]!;
      this.bIdx[a] = this.bIdx[tail]!;
      const yb = b >= 0 ? bRap[b]! : 0;
      const pb = b >= 0 ? bPhi[b]! : 0;
      for (let s = 0; s < tail; s++) {
        const nnS = bNN[s]!;
        if (nnS === a || nnS === b) {
          this.rescan(s, tail, r2);
          diJ[s] = this.dij(s);
        }
        if (b >= 0 && s !== b) {
          const adphi = Math.abs(bPhi[s]! - pb);
          const dphi = Math.min(adphi, TWO_PI - adphi);
          const dy = bRap[s]! - yb;
          const d = dphi * dphi + dy * dy;
          if (d < bNNDist[s]!) {
            bNNDist[s] = d;
            bNN[s] = b;
            diJ[s] = this.dij(s);
          }
          if (d < bNNDist[b]!) {
            bNNDist[b] = d;
            bNN[b] = s;
          }
        }
        if (bNN[s] === tail) bNN[s] = a;
      }
      if (b >= 0) diJ[b] = this.dij(b);
    }
  }

  /** Nearest neighbour of slot s among the first `tail` slots (FastJet's _bj_set_NN_nocross). */
  private rescan(s: number, tail: number, r2: number): void {
    const { bRap, bPhi } = this;
    const ys = bRap[s]!;
    const ps = bPhi[s]!;
    let best = r2;
    let nn = -1;
    for (let t = 0; t < tail; t++) {
      if (t === s) continue;
      const adphi = Math.abs(ps - bPhi[t]!);
      const dphi = Math.min(adphi, TWO_PI - adphi);
      const dy = ys - bRap[t]!;
      const d = dphi * dphi + dy * dy;
      if (d < best) {
        best = d;
        nn = t;
      }
    }
    this.bNN[s] = nn;
    this.bNNDist[s] = best;
  }

  /** E-scheme merge of history entries ha and hb (a recorded step); returns the child's index. */
  merge(ha: number, hb: number): number {
    const child = this.n + this.nMerges;
    this.setEntry(
      child,
      this.px[ha]! + this.px[hb]!,
      this.py[ha]! + this.py[hb]!,
      this.pz[ha]! + this.pz[hb]!,
      this.e[ha]! + this.e[hb]!,
    );
    this.next[this.last[ha]!] = this.first[hb]!;
    this.first[child] = this.first[ha]!;
    this.last[child] = this.last[hb]!;
    this.count[child] = this.count[ha]! + this.count[hb]!;
    const k = this.nMerges++;
    this.parentA[k] = ha;
    this.parentB[k] = hb;
    return child;
  }

  /** pT² of history entry h. */
  kt2(h: number): number {
    return this.px[h]! * this.px[h]! + this.py[h]! * this.py[h]!;
  }

  /** Sort `inclusive` by pT, highest first (FastJet's sorted_by_pt). Insertion sort: ~10–30 jets. */
  sortInclusiveByPt(): void {
    const inc = this.inclusive;
    for (let i = 1; i < this.nInclusive; i++) {
      const h = inc[i]!;
      const k = this.kt2(h);
      let j = i - 1;
      while (j >= 0 && this.kt2(inc[j]!) < k) {
        inc[j + 1] = inc[j]!;
        j--;
      }
      inc[j + 1] = h;
    }
  }
}
