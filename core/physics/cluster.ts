import { JETS_WASM_BASE64 } from "./wasm/jets-wasm";

/**
 * Sequential-recombination jet clustering (anti-kT and kT), E-scheme, FastJet's definitions:
 * y = ½ ln((E + pz)/(E − pz)) computed as FastJet's `PseudoJet::_set_rap_phi` does, φ ∈ [0, 2π),
 * ΔR² = Δy² + Δφ² (Δφ wrapped), d_ij = min(s_i, s_j) ΔR²/R², d_iB = s_i with s = pT⁻² (anti-kT) or
 * pT² (kT). The loops run in WebAssembly (`wasm/jets.c`, built by scripts/build-wasm.mjs): about
 * twice the speed of the same loops in TypeScript, with the same bits (the Math functions are
 * JavaScript's; only exactly equal distances, which real events do not have, may be taken in
 * another order).
 * `run` is FastJet's `_simple_N2_cluster` (strategy N2Plain), used for the kT reclustering of
 * N-subjettiness; `runAntiKtTiled` is anti-kT on a grid of cells R wide, with the same steps.
 */

/** What `wasm/jets.c` exports. */
interface JetsWasm {
  memory: WebAssembly.Memory;
  reserve(capacity: number): number;
  layout(array: number): number;
  n_merges(): number;
  n_inclusive(): number;
  rapidity(px: number, py: number, pz: number, e: number): number;
  phi02pi(px: number, py: number): number;
  load_triples(slots: number): number;
  run_plain(n: number, antiKt: number, r: number): void;
  run_tiled(n: number, r: number): void;
}

const jetsModule = new WebAssembly.Module(Buffer.from(JETS_WASM_BASE64, "base64"));
// Math's own functions, not wrappers: V8 calls them from WebAssembly as fast as from JavaScript
const jetsImports = {
  env: { log: Math.log, atan2: Math.atan2, exp: Math.exp, cos: Math.cos, sin: Math.sin },
};

/** Particle arrays as the (pT, η, φ) triples `Clusterer.loadTriples` reads (one-off helpers, tests). */
export function triplesOf(
  pt: ArrayLike<number>,
  eta: ArrayLike<number>,
  phi: ArrayLike<number>,
): Float64Array {
  const triples = new Float64Array(3 * pt.length);
  for (let k = 0; k < pt.length; k++) triples.set([pt[k]!, eta[k]!, phi[k]!], 3 * k);
  return triples;
}

/** A jet radius the loops can use: positive and finite. */
function checkRadius(r: number): void {
  if (!(r > 0 && Number.isFinite(r)))
    throw new RangeError(`the jet radius must be positive and finite, got ${r}`);
}

/**
 * A reusable clustering engine, one WebAssembly instance each (its memory holds the event). Load
 * particles with `reset` + `add`, then `run` or `runAntiKtTiled`. The history holds the n particles
 * followed by one entry per pairwise merge (child of merge k is history index n + k); each entry's
 * constituents are a linked list of particle indices (`first`/`next`, `count`). The arrays are views
 * of the instance's memory, remade when it grows: read them through the fields, and do not keep one
 * across a `reset` or a run.
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
  /** Room for an event's (pT, η, φ) triples: see `loadTriples`. */
  private input = new Float64Array(0);
  private wasm: JetsWasm;
  private capacity = 0;
  private viewed: ArrayBuffer | null = null;

  /** `module`: another build of jets.c (tests); the committed one by default. */
  constructor(module = jetsModule) {
    this.wasm = new WebAssembly.Instance(module, jetsImports).exports as unknown as JetsWasm;
  }

  /** Empty the event, with room for `capacity` particles. */
  reset(capacity: number): void {
    if (this.capacity < capacity) {
      if (!this.wasm.reserve(capacity))
        throw new RangeError(`no memory for ${capacity} particles in the clustering module`);
      this.capacity = capacity;
      this.view();
    } else if (this.wasm.memory.buffer !== this.viewed) {
      this.view(); // a run that grew the memory and then failed
    }
    this.n = 0;
  }

  /** (Re)make the array views: after `reserve`, or when a run grew the memory. */
  private view(): void {
    const buf = this.wasm.memory.buffer;
    const h = 2 * this.capacity;
    const c = this.capacity;
    // offsets are unsigned in C, signed i32 on the way out
    const f64 = (i: number, len: number) => new Float64Array(buf, this.wasm.layout(i) >>> 0, len);
    const i32 = (i: number, len: number) => new Int32Array(buf, this.wasm.layout(i) >>> 0, len);
    this.px = f64(0, h);
    this.py = f64(1, h);
    this.pz = f64(2, h);
    this.e = f64(3, h);
    this.rap = f64(4, h);
    this.phi = f64(5, h);
    this.first = i32(6, h);
    this.last = i32(7, h);
    this.count = i32(8, h);
    this.next = i32(9, c);
    this.parentA = i32(10, c);
    this.parentB = i32(11, c);
    this.inclusive = i32(12, c);
    this.input = f64(13, 3 * c);
    this.viewed = buf;
  }

  /** Append a particle given as a 4-vector; returns its index. Call `reset` with enough room first. */
  add(px: number, py: number, pz: number, e: number): number {
    return this.addWithRapPhi(px, py, pz, e, this.wasm.rapidity(px, py, pz, e), this.wasm.phi02pi(px, py));
  }

  /** `add` with the rapidity and φ ∈ [0, 2π) already known (copied from another clusterer). */
  addWithRapPhi(px: number, py: number, pz: number, e: number, rap: number, phi: number): number {
    if (this.n >= this.capacity)
      throw new RangeError(`room for ${this.capacity} particles: call reset(capacity) with more first`);
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

  /**
   * Load the event stored as `slots` (pT, η, φ) triples at data[offset…] (the LHCO row layout): each
   * slot with pT > 0 becomes the next particle, massless, built as FastJet's PtYPhiM(pT, η, φ, 0)
   * does, so particle k is the k-th non-zero slot; zero-pT slots (padding) are dropped.
   */
  loadTriples(data: ArrayLike<number>, offset: number, slots: number): void {
    this.reset(slots);
    const len = 3 * slots;
    if (data instanceof Float64Array) {
      const part = data.subarray(offset, offset + len);
      this.input.set(part);
      this.input.fill(0, part.length, len);
    } else {
      for (let k = 0; k < len; k++) this.input[k] = data[offset + k] ?? 0;
    }
    this.n = this.wasm.load_triples(slots);
  }

  /**
   * Cluster the loaded particles to completion with FastJet's N2Plain loop: anti-kT (`antiKt`) or kT
   * with radius `r`. Fills the history, the merge list and `inclusive`. kT with a huge r (fjcontrib
   * uses 1000) merges everything pairwise before any beam step, which is what exclusive-jet axes need.
   */
  run(antiKt: boolean, r: number): void {
    checkRadius(r);
    this.wasm.run_plain(this.n, antiKt ? 1 : 0, r);
    this.done();
  }

  /**
   * Anti-kT of radius r, the same steps as `run(true, r)` found on a grid of cells R wide: each jet
   * keeps its geometric nearest neighbour within R; each jet lists the jets that point at it, and each
   * cell an upper bound of its jets' neighbour distances, so after a merge only the jets that pointed
   * at the pair are searched again and the new jet is checked only against cells that can hold a jet
   * closer to it than that jet's own neighbour. Radii over 2π/3 (fewer than 3 cells around φ) use `run`.
   */
  runAntiKtTiled(r: number): void {
    checkRadius(r);
    this.wasm.run_tiled(this.n, r);
    this.done();
  }

  private done(): void {
    this.nMerges = this.wasm.n_merges();
    this.nInclusive = this.wasm.n_inclusive();
    // the grid's cells may have grown the memory, which detaches the old views
    if (this.wasm.memory.buffer !== this.viewed) this.view();
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
