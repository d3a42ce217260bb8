const TWO_PI = 2 * Math.PI;
/**
 * Cells per R in y and φ: a neighbour within R is at most SPLIT cells away in each direction. 1 (cells
 * R wide, 3 × 3 around a point) as FastJet's N2Tiled; 2 evaluated half as many distances on the LHCO
 * events but walked 25 cells per search, and measured slower.
 */
const SPLIT = 1;
const SPAN = 2 * SPLIT + 1;
const NBR = SPAN * SPAN;
/** Cap on rapidity rows: wider rows stay correct, and a stray far-forward particle cannot blow up. */
const MAX_Y_CELLS = 128;
/** Taken off every lower bound on a distance, so that rounding can never skip a cell it should not. */
const MARGIN = 1e-9;

/** The SPAN × SPAN neighbour offsets (row, column, each + SPLIT), own cell first, then ring by ring. */
const OFF_I = new Int32Array(NBR);
const OFF_J = new Int32Array(NBR);
for (let ring = 0, k = 0; ring <= SPLIT; ring++)
  for (let i = -ring; i <= ring; i++)
    for (let j = -ring; j <= ring; j++)
      if (Math.max(Math.abs(i), Math.abs(j)) === ring) {
        OFF_I[k] = i + SPLIT;
        OFF_J[k++] = j + SPLIT;
      }

/**
 * Nearest neighbours (NN) within R of points in the (y, φ) plane, φ ∈ [0, 2π) wrapped, for the
 * anti-kT loop of `tiled.ts`. Points are slots; each keeps its NN (`nn`, −1 for none within R) and
 * ΔR² to it (`nnDist`, R² for none), computed as FastJet does: Δφ = min(|φ1 − φ2|, 2π − |φ1 − φ2|),
 * ΔR² = Δφ² + Δy², strict `<` so the first of equal distances wins.
 *
 * The plane is cut into cells at least R/SPLIT wide (y rows spanning the points' rapidities, φ columns
 * spanning 2π), so a point's neighbours within R lie in the SPAN × SPAN cells around its own. A cell is
 * skipped when its lower bound on the distance, from the point's place in its own cell, cannot beat
 * what is looked for. Each point also lists the points whose NN it is (`rHead`/`rNext`/`rPrev`), and
 * each cell keeps an upper bound of its points' NN distances (`maxNN`), raised whenever one grows and
 * made exact whenever the cell is walked.
 */
export class NeighbourGrid {
  y = new Float64Array(0);
  phi = new Float64Array(0);
  nn = new Int32Array(0);
  nnDist = new Float64Array(0);
  /** Points left without NN by `remove` (their `nn` is −1, `nnDist` still the old distance). */
  orphans = new Int32Array(0);
  nOrphans = 0;
  /** Points whose NN `addNeighbour` set to the new point. */
  updated = new Int32Array(0);
  private cellY = new Int32Array(0);
  private cellP = new Int32Array(0);
  private cNext = new Int32Array(0);
  private cPrev = new Int32Array(0);
  private rHead = new Int32Array(0);
  private rNext = new Int32Array(0);
  private rPrev = new Int32Array(0);
  private head = new Int32Array(0);
  private maxNN = new Float64Array(0);
  // the query point's neighbour rows (index of the row's first cell, −1 outside), columns, and the
  // squared lower bounds of |Δy| and |Δφ| to them
  private qRow = new Int32Array(SPAN);
  private qCol = new Int32Array(SPAN);
  private qLy = new Float64Array(SPAN);
  private qLp = new Float64Array(SPAN);
  private yMin = 0;
  private wY = 1;
  private nY = 1;
  private wPhi = 1;
  private nPhi = 1;
  private r2 = 1;

  /**
   * An empty grid for n points with rapidities rap[0…n) (their E-scheme sums stay inside that range)
   * and radius r. False when r is too large for SPAN cells around φ (r > 2π·SPLIT/SPAN): the
   * offsets would wrap onto themselves.
   */
  setup(rap: Float64Array, n: number, r: number): boolean {
    const w = r / SPLIT;
    this.nPhi = Math.floor(TWO_PI / w);
    if (!(this.nPhi >= SPAN)) return false;
    this.wPhi = TWO_PI / this.nPhi;
    this.r2 = r * r;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let h = 0; h < n; h++) {
      lo = Math.min(lo, rap[h]!);
      hi = Math.max(hi, rap[h]!);
    }
    this.yMin = n > 0 ? lo : 0;
    this.nY = n > 0 ? Math.min(MAX_Y_CELLS, Math.max(1, Math.floor((hi - lo) / w))) : 1;
    this.wY = n > 0 && hi > lo ? Math.max(w, (hi - lo) / this.nY) : w;
    if (this.y.length < n) this.grow(n);
    const nCells = this.nY * this.nPhi;
    if (this.head.length < nCells) {
      this.head = new Int32Array(nCells);
      this.maxNN = new Float64Array(nCells);
    }
    this.head.fill(-1, 0, nCells);
    this.maxNN.fill(0, 0, nCells);
    return true;
  }

  private grow(n: number): void {
    this.y = new Float64Array(n);
    this.phi = new Float64Array(n);
    this.nn = new Int32Array(n);
    this.nnDist = new Float64Array(n);
    this.orphans = new Int32Array(n);
    this.updated = new Int32Array(n);
    this.cellY = new Int32Array(n);
    this.cellP = new Int32Array(n);
    this.cNext = new Int32Array(n);
    this.cPrev = new Int32Array(n);
    this.rHead = new Int32Array(n);
    this.rNext = new Int32Array(n);
    this.rPrev = new Int32Array(n);
  }

  /** Point s is at (y, φ ∈ [0, 2π)), with no NN yet and nobody pointing at it. */
  place(s: number, y: number, phi: number): void {
    this.y[s] = y;
    this.phi[s] = phi;
    this.nn[s] = -1;
    this.nnDist[s] = this.r2;
    this.rHead[s] = -1;
    const iy = Math.min(this.nY - 1, Math.max(0, Math.floor((y - this.yMin) / this.wY)));
    const ip = Math.min(this.nPhi - 1, Math.floor(phi / this.wPhi));
    this.cellY[s] = iy;
    this.cellP[s] = ip;
    const c = iy * this.nPhi + ip;
    const first = this.head[c]!;
    this.cPrev[s] = -1;
    this.cNext[s] = first;
    if (first >= 0) this.cPrev[first] = s;
    this.head[c] = s;
  }

  /** Every placed point's NN (points 0…n−1). */
  initialNeighbours(n: number): void {
    for (let s = 0; s < n; s++) this.findNN(s);
  }

  /**
   * Take points a and b (b = −1: none) off the grid; the points that had either as NN become
   * `orphans`. a and b must not be used again until placed anew.
   */
  remove(a: number, b: number): void {
    this.nOrphans = 0;
    this.unlinkFromNN(a);
    if (b >= 0) this.unlinkFromNN(b);
    this.adoptOrphans(a);
    this.unlinkCell(a);
    if (b >= 0) {
      this.adoptOrphans(b);
      this.unlinkCell(b);
    }
  }

  /** Move the points that had x as NN to `orphans`, detached (nn = −1, old nnDist kept). */
  private adoptOrphans(x: number): void {
    const { rNext, nn, orphans } = this;
    for (let s = this.rHead[x]!; s >= 0; s = rNext[s]!) {
      orphans[this.nOrphans++] = s;
      nn[s] = -1;
    }
    this.rHead[x] = -1;
  }

  private unlinkFromNN(s: number): void {
    const to = this.nn[s]!;
    if (to < 0) return;
    const prev = this.rPrev[s]!;
    const next = this.rNext[s]!;
    if (prev >= 0) this.rNext[prev] = next;
    else this.rHead[to] = next;
    if (next >= 0) this.rPrev[next] = prev;
  }

  private unlinkCell(s: number): void {
    const prev = this.cPrev[s]!;
    const next = this.cNext[s]!;
    if (prev >= 0) this.cNext[prev] = next;
    else this.head[this.cellY[s]! * this.nPhi + this.cellP[s]!] = next;
    if (next >= 0) this.cPrev[next] = prev;
  }

  /** s's NN becomes u (−1: none) at ΔR² d. */
  private setNN(s: number, u: number, d: number): void {
    this.unlinkFromNN(s);
    this.nn[s] = u;
    this.nnDist[s] = d;
    if (u < 0) return;
    const first = this.rHead[u]!;
    this.rPrev[s] = -1;
    this.rNext[s] = first;
    if (first >= 0) this.rPrev[first] = s;
    this.rHead[u] = s;
  }

  /** Rows, columns and squared distance bounds of the SPAN × SPAN cells around point s (`qRow` …). */
  private prepare(s: number): void {
    const { qRow, qCol, qLy, qLp, wY, wPhi, nY, nPhi } = this;
    const iy = this.cellY[s]!;
    const ip = this.cellP[s]!;
    // the point's offsets inside its cell, clamped: a point rounded just outside only loosens bounds
    const fy = Math.min(wY, Math.max(0, this.y[s]! - (this.yMin + iy * wY)));
    const fp = Math.min(wPhi, Math.max(0, this.phi[s]! - ip * wPhi));
    for (let d = -SPLIT; d <= SPLIT; d++) {
      const row = iy + d;
      qRow[d + SPLIT] = row >= 0 && row < nY ? row * nPhi : -1;
      let col = ip + d;
      if (col < 0) col += nPhi;
      else if (col >= nPhi) col -= nPhi;
      qCol[d + SPLIT] = col;
      // distance to the cell's nearer edge; with ≥ SPAN columns the other way round φ is never shorter
      const ly = d > 0 ? d * wY - fy : d < 0 ? fy + (-d - 1) * wY : 0;
      const lp = d > 0 ? d * wPhi - fp : d < 0 ? fp + (-d - 1) * wPhi : 0;
      const by = Math.max(0, ly - MARGIN);
      const bp = Math.max(0, lp - MARGIN);
      qLy[d + SPLIT] = by * by;
      qLp[d + SPLIT] = bp * bp;
    }
  }

  /** s's NN within R among all placed points, searched from s's own cell outwards. */
  findNN(s: number): void {
    this.prepare(s);
    const { y, phi, head, cNext, qRow, qCol, qLy, qLp } = this;
    const ys = y[s]!;
    const ps = phi[s]!;
    let best = this.r2;
    let nn = -1;
    for (let k = 0; k < NBR; k++) {
      const i = OFF_I[k]!;
      const row = qRow[i]!;
      if (row < 0) continue;
      const j = OFF_J[k]!;
      if (qLy[i]! + qLp[j]! >= best) continue;
      for (let u = head[row + qCol[j]!]!; u >= 0; u = cNext[u]!) {
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
    this.setNN(s, nn, best);
    const c = this.cellY[s]! * this.nPhi + this.cellP[s]!;
    if (best > this.maxNN[c]!) this.maxNN[c] = best;
  }

  /**
   * Newly placed point b: every point closer to b than to its NN (orphans included: their old NN
   * distance still bounds every other point) takes b as NN, listed in `updated`; b gets its own NN.
   * Returns how many were updated.
   */
  addNeighbour(b: number): number {
    this.prepare(b);
    const { y, phi, nnDist, head, cNext, maxNN, qRow, qCol, qLy, qLp, updated } = this;
    const yb = y[b]!;
    const pb = phi[b]!;
    let best = this.r2;
    let nnB = -1;
    let nUpdated = 0;
    for (let k = 0; k < NBR; k++) {
      const i = OFF_I[k]!;
      const row = qRow[i]!;
      if (row < 0) continue;
      const j = OFF_J[k]!;
      const c = row + qCol[j]!;
      const bound = qLy[i]! + qLp[j]!;
      if (bound >= best && bound >= maxNN[c]!) continue;
      let max = 0;
      for (let s = head[c]!; s >= 0; s = cNext[s]!) {
        if (s === b) continue;
        const adphi = Math.abs(phi[s]! - pb);
        const dphi = Math.min(adphi, TWO_PI - adphi);
        const dy = y[s]! - yb;
        const d = dphi * dphi + dy * dy;
        if (d < nnDist[s]!) {
          this.setNN(s, b, d);
          updated[nUpdated++] = s;
        }
        if (d < best) {
          best = d;
          nnB = s;
        }
        if (nnDist[s]! > max) max = nnDist[s]!;
      }
      // every point of the cell but b was seen: the bound is now exact (b's own is raised below)
      maxNN[c] = max;
    }
    this.setNN(b, nnB, best);
    const c = this.cellY[b]! * this.nPhi + this.cellP[b]!;
    if (best > maxNN[c]!) maxNN[c] = best;
    return nUpdated;
  }
}
