import type { Clusterer } from "./cluster";
import { NeighbourGrid } from "./grid";

/**
 * Anti-kT on a loaded `Clusterer`, FastJet's nearest-neighbour (NN) bookkeeping on a grid of cells
 * R wide (see `NeighbourGrid`). Same steps as FastJet's N2Tiled and as `Clusterer.run(true, r)`:
 * each jet keeps its geometric NN within R, d_ij = min(pT_i⁻², pT_j⁻²) ΔR² of that pair, and the
 * smallest d_ij or d_iB is taken with strict `<`. What is cheaper than N2Tiled, which revisits every
 * jet in the tiles around the merged pair:
 *  - the jets whose NN was one of the pair are known (each jet lists the jets that point at it);
 *  - the merged jet is checked only against cells that can hold a jet closer to it than that jet's
 *    own NN (each cell keeps an upper bound of its jets' NN distances), and against cells that can
 *    hold its own NN;
 *  - a jet whose NN was one of the pair and that is closer to the merged jet than to its old NN keeps
 *    the merged jet without a rescan: every other jet is at least as far as the old NN was.
 * Only exact ties between distances (none in real events) could be broken in another order.
 * Fills `c.inclusive` in beam order.
 */
export class TiledAntiKt {
  private grid = new NeighbourGrid();
  // per slot (a slot is a live jet; a merge reuses slot b for the new jet)
  private scale = new Float64Array(0);
  private hist = new Int32Array(0);
  private pos = new Int32Array(0);
  // active slots and their d_ij, compact (removal swaps in the last)
  private act = new Int32Array(0);
  private actDiJ = new Float64Array(0);
  private nAct = 0;

  /**
   * Cluster `c`'s particles with anti-kT of radius r. Radii too large for a grid of at least 3 cells
   * around φ (r > 2π/3) use the plain N2 loop, `Clusterer.run`.
   */
  run(c: Clusterer, r: number): void {
    const n = c.n;
    const g = this.grid;
    if (!g.setup(c.rap, n, r)) {
      c.run(true, r);
      return;
    }
    c.nMerges = 0;
    c.nInclusive = 0;
    if (this.scale.length < n) this.grow(n);
    for (let s = 0; s < n; s++) {
      this.load(c, s, s);
      this.act[s] = s;
      this.pos[s] = s;
    }
    this.nAct = n;
    g.initialNeighbours(n);
    for (let s = 0; s < n; s++) this.actDiJ[s] = this.dij(s);
    while (this.nAct > 0) this.step(c);
  }

  private grow(n: number): void {
    this.scale = new Float64Array(n);
    this.hist = new Int32Array(n);
    this.pos = new Int32Array(n);
    this.act = new Int32Array(n);
    this.actDiJ = new Float64Array(n);
  }

  /** Slot s now holds history entry h (FastJet's jet_scale_for_algorithm, guarded against pT = 0). */
  private load(c: Clusterer, s: number, h: number): void {
    const kt2 = c.kt2(h);
    this.scale[s] = kt2 > 1e-300 ? 1 / kt2 : 1e300;
    this.hist[s] = h;
    this.grid.place(s, c.rap[h]!, c.phi[h]!);
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
    const g = this.grid;
    const nn = g.nn[s]!;
    let scale = this.scale[s]!;
    if (nn >= 0 && this.scale[nn]! < scale) scale = this.scale[nn]!;
    return g.nnDist[s]! * scale;
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
    const g = this.grid;
    const a = this.act[at]!;
    const b = g.nn[a]!;
    // detach a and b from the grid; the jets that had either as NN become orphans
    g.remove(a, b);
    this.deactivate(a);
    if (b < 0) {
      c.inclusive[c.nInclusive++] = this.hist[a]!;
    } else {
      this.load(c, b, c.merge(this.hist[a]!, this.hist[b]!));
      // jets that now have b as NN, b's own NN, orphans closer to b than to their old NN
      const nUpdated = g.addNeighbour(b);
      const pos = this.pos;
      const updated = g.updated;
      for (let k = 0; k < nUpdated; k++) {
        const s = updated[k]!;
        actDiJ[pos[s]!] = this.dij(s);
      }
      actDiJ[pos[b]!] = this.dij(b);
    }
    // the remaining orphans: a full NN search each
    const orphans = g.orphans;
    for (let k = 0, end = g.nOrphans; k < end; k++) {
      const s = orphans[k]!;
      if (g.nn[s]! >= 0) continue; // adopted by b above
      g.findNN(s);
      actDiJ[this.pos[s]!] = this.dij(s);
    }
  }
}
