import type { Clusterer } from "./cluster";

const TWO_PI = 2 * Math.PI;
/** Tiles ≥ R/SPLIT wide put neighbours within R ≤ SPLIT tiles away. 1 as FastJet; 2 measured slower. */
const SPLIT = 1;
const SPAN = 2 * SPLIT + 1;
const NBR = SPAN * SPAN;
/** Cap on rapidity tiles: wider tiles stay correct, and a stray far-forward particle cannot blow up. */
const MAX_Y_TILES = 64;

/**
 * Anti-kT on a loaded `Clusterer` with FastJet's tiling (strategy N2Tiled): the (y, φ) plane is cut
 * into tiles at least R wide, so a jet's neighbours within R lie in its own or the 8 surrounding tiles,
 * and after each step only the jets in the tiles around the merged pair are revisited. Same distances,
 * same strict `<` comparisons and the same steps as `Clusterer.run(true, r)`; only exact ties in d_ij
 * (none in real events) could be broken in another order. Fills `c.inclusive` in beam order.
 */
export class TiledAntiKt {
  // per slot (a slot is a live jet; a merge reuses slot b for the new jet)
  private y = new Float64Array(0);
  private phi = new Float64Array(0);
  private scale = new Float64Array(0);
  private nnDist = new Float64Array(0);
  private nn = new Int32Array(0);
  private hist = new Int32Array(0);
  private tile = new Int32Array(0);
  private tNext = new Int32Array(0);
  private tPrev = new Int32Array(0);
  private pos = new Int32Array(0);
  // active slots and their d_ij, compact (removal swaps in the last)
  private act = new Int32Array(0);
  private actDiJ = new Float64Array(0);
  private nAct = 0;
  // tiles
  private head = new Int32Array(0);
  private nbr = new Int32Array(0);
  private nbrCount = new Int32Array(0);
  private mark = new Int32Array(0);
  private stamp = 0;
  private touched = new Int32Array(3 * NBR);
  private yMin = 0;
  private wY = 1;
  private nY = 1;
  private wPhi = 1;
  private nPhi = 1;
  private r2 = 1;

  run(c: Clusterer, r: number): void {
    const n = c.n;
    this.r2 = r * r;
    c.nMerges = 0;
    c.nInclusive = 0;
    if (this.y.length < n) this.grow(n);
    this.setupTiles(c, n, r);
    for (let s = 0; s < n; s++) {
      this.load(c, s, s);
      this.insert(s);
      this.act[s] = s;
      this.pos[s] = s;
    }
    this.nAct = n;
    this.initialNeighbours(n);
    for (let s = 0; s < n; s++) this.actDiJ[s] = this.dij(s);
    while (this.nAct > 0) this.step(c);
  }

  /**
   * Every slot's nearest neighbour, each pair visited once: tile by tile, the pairs inside the tile
   * and with the neighbour tiles of higher index (FastJet's crosscheck, both ends updated).
   */
  private initialNeighbours(n: number): void {
    const { y, phi, head, tNext, nbr, nn, nnDist } = this;
    for (let s = 0; s < n; s++) {
      nn[s] = -1;
      nnDist[s] = this.r2;
    }
    const nTiles = this.nY * this.nPhi;
    for (let t = 0; t < nTiles; t++) {
      for (let s = head[t]!; s >= 0; s = tNext[s]!) {
        const ys = y[s]!;
        const ps = phi[s]!;
        let best = nnDist[s]!;
        let bestU = nn[s]!;
        for (let k = NBR * t, end = k + this.nbrCount[t]!; k < end; k++) {
          const tu = nbr[k]!;
          if (tu < t) continue;
          for (let u = tu === t ? tNext[s]! : head[tu]!; u >= 0; u = tNext[u]!) {
            const adphi = Math.abs(ps - phi[u]!);
            const dphi = Math.min(adphi, TWO_PI - adphi);
            const dy = ys - y[u]!;
            const d = dphi * dphi + dy * dy;
            if (d < best) {
              best = d;
              bestU = u;
            }
            if (d < nnDist[u]!) {
              nnDist[u] = d;
              nn[u] = s;
            }
          }
        }
        nn[s] = bestU;
        nnDist[s] = best;
      }
    }
  }

  private grow(n: number): void {
    this.y = new Float64Array(n);
    this.phi = new Float64Array(n);
    this.scale = new Float64Array(n);
    this.nnDist = new Float64Array(n);
    this.nn = new Int32Array(n);
    this.hist = new Int32Array(n);
    this.tile = new Int32Array(n);
    this.tNext = new Int32Array(n);
    this.tPrev = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.act = new Int32Array(n);
    this.actDiJ = new Float64Array(n);
  }

  /** Tiles of width ≥ r/SPLIT spanning the particles' rapidities (E-scheme sums stay inside it). */
  private setupTiles(c: Clusterer, n: number, r: number): void {
    const w = r / SPLIT;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let h = 0; h < n; h++) {
      lo = Math.min(lo, c.rap[h]!);
      hi = Math.max(hi, c.rap[h]!);
    }
    this.yMin = lo;
    this.nY = n > 0 ? Math.min(MAX_Y_TILES, Math.max(1, Math.floor((hi - lo) / w))) : 1;
    this.wY = n > 0 && hi > lo ? (hi - lo) / this.nY : 1;
    this.nPhi = Math.max(1, Math.floor(TWO_PI / w));
    this.wPhi = TWO_PI / this.nPhi;
    const nTiles = this.nY * this.nPhi;
    if (this.head.length < nTiles) {
      this.head = new Int32Array(nTiles);
      this.nbr = new Int32Array(NBR * nTiles);
      this.nbrCount = new Int32Array(nTiles);
      this.mark = new Int32Array(nTiles);
    }
    this.head.fill(-1, 0, nTiles);
    this.mark.fill(0, 0, nTiles);
    this.stamp = 0;
    for (let iy = 0; iy < this.nY; iy++)
      for (let ip = 0; ip < this.nPhi; ip++) {
        const t = iy * this.nPhi + ip;
        let k = 0;
        for (let dy = -SPLIT; dy <= SPLIT; dy++) {
          const jy = iy + dy;
          if (jy < 0 || jy >= this.nY) continue;
          for (let dp = -SPLIT; dp <= SPLIT; dp++) {
            const u = jy * this.nPhi + ((((ip + dp) % this.nPhi) + this.nPhi) % this.nPhi);
            let seen = false;
            for (let q = 0; q < k; q++) seen ||= this.nbr[NBR * t + q] === u;
            if (!seen) this.nbr[NBR * t + k++] = u;
          }
        }
        this.nbrCount[t] = k;
      }
  }

  /** Slot s now holds history entry h, with no neighbour yet. */
  private load(c: Clusterer, s: number, h: number): void {
    const kt2 = c.kt2(h);
    this.y[s] = c.rap[h]!;
    this.phi[s] = c.phi[h]!;
    this.scale[s] = kt2 > 1e-300 ? 1 / kt2 : 1e300;
    this.hist[s] = h;
    this.nn[s] = -1;
    this.nnDist[s] = this.r2;
  }

  private insert(s: number): void {
    const iy = Math.min(this.nY - 1, Math.max(0, Math.floor((this.y[s]! - this.yMin) / this.wY)));
    const ip = Math.min(this.nPhi - 1, Math.floor(this.phi[s]! / this.wPhi));
    const t = iy * this.nPhi + ip;
    const first = this.head[t]!;
    this.tile[s] = t;
    this.tPrev[s] = -1;
    this.tNext[s] = first;
    if (first >= 0) this.tPrev[first] = s;
    this.head[t] = s;
  }

  private unlink(s: number): void {
    const prev = this.tPrev[s]!;
    const next = this.tNext[s]!;
    if (prev >= 0) this.tNext[prev] = next;
    else this.head[this.tile[s]!] = next;
    if (next >= 0) this.tPrev[next] = prev;
  }

  private deactivate(s: number): void {
    const p = this.pos[s]!;
    const last = --this.nAct;
    const moved = this.act[last]!;
    this.act[p] = moved;
    this.actDiJ[p] = this.actDiJ[last]!;
    this.pos[moved] = p;
  }

  private dij(s: number): number {
    const nn = this.nn[s]!;
    let scale = this.scale[s]!;
    if (nn >= 0 && this.scale[nn]! < scale) scale = this.scale[nn]!;
    return this.nnDist[s]! * scale;
  }

  /** Nearest neighbour of s within R, from the tiles around its own. */
  private findNN(s: number): void {
    const { y, phi, head, tNext, nbr } = this;
    const ys = y[s]!;
    const ps = phi[s]!;
    const t0 = this.tile[s]!;
    let best = this.r2;
    let nn = -1;
    for (let k = NBR * t0, end = k + this.nbrCount[t0]!; k < end; k++) {
      for (let u = head[nbr[k]!]!; u >= 0; u = tNext[u]!) {
        const adphi = Math.abs(ps - phi[u]!);
        const dphi = Math.min(adphi, TWO_PI - adphi);
        const dy = ys - y[u]!;
        const d = dphi * dphi + dy * dy;
        if (d < best && u !== s) {
          best = d;
          nn = u;
        }
      }
    }
    this.nn[s] = nn;
    this.nnDist[s] = best;
  }

  /** Add tile t's neighbourhood to `touched` (deduplicated by this step's stamp). */
  private touch(t: number, count: number): number {
    for (let k = 0, cnt = this.nbrCount[t]!; k < cnt; k++) {
      const u = this.nbr[NBR * t + k]!;
      if (this.mark[u] !== this.stamp) {
        this.mark[u] = this.stamp;
        this.touched[count++] = u;
      }
    }
    return count;
  }

  private step(c: Clusterer): void {
    const actDiJ = this.actDiJ;
    let at = 0;
    let min = actDiJ[0]!;
    for (let p = 1, end = this.nAct; p < end; p++) {
      if (actDiJ[p]! < min) {
        min = actDiJ[p]!;
        at = p;
      }
    }
    const a = this.act[at]!;
    const b = this.nn[a]!;
    this.stamp++;
    let nTouched = this.touch(this.tile[a]!, 0);
    this.unlink(a);
    this.deactivate(a);
    if (b < 0) {
      c.inclusive[c.nInclusive++] = this.hist[a]!;
    } else {
      nTouched = this.touch(this.tile[b]!, nTouched);
      this.unlink(b);
      this.load(c, b, c.merge(this.hist[a]!, this.hist[b]!));
      this.insert(b);
      nTouched = this.touch(this.tile[b]!, nTouched);
    }
    const { y, phi, nn, nnDist, head, tNext, touched } = this;
    const yb = b >= 0 ? y[b]! : 0;
    const pb = b >= 0 ? phi[b]! : 0;
    for (let k = 0; k < nTouched; k++) {
      for (let s = head[touched[k]!]!; s >= 0; s = tNext[s]!) {
        let changed = false;
        const nnS = nn[s]!;
        if (nnS === a || (b >= 0 && nnS === b)) {
          this.findNN(s);
          changed = true;
        }
        if (b >= 0 && s !== b) {
          const adphi = Math.abs(phi[s]! - pb);
          const dphi = Math.min(adphi, TWO_PI - adphi);
          const dy = y[s]! - yb;
          const d = dphi * dphi + dy * dy;
          if (d < nnDist[s]!) {
            nnDist[s] = d;
            nn[s] = b;
            changed = true;
          }
          if (d < nnDist[b]!) {
            nnDist[b] = d;
            nn[b] = s;
          }
        }
        if (changed) actDiJ[this.pos[s]!] = this.dij(s);
      }
    }
    if (b >= 0) actDiJ[this.pos[b]!] = this.dij(b);
  }
}
