/*
 * The hot loops of the jet clustering (core/physics/cluster.ts is the API and views the state here),
 * compiled to WebAssembly by scripts/build-wasm.mjs into the committed jets-wasm.ts. Plain
 * freestanding C: no libc, doubles throughout with the same operations in the same order as FastJet;
 * log, atan2, exp, cos and sin are JavaScript's Math functions (imports), so the results are the same
 * bits as the TypeScript these loops replaced. N2Plain's scans and the grid's walks through a cell take
 * two slots or points at a time (SIMD128) with the same bits and the same choices as one at a time.
 * Each instance of the module is one clusterer: the arrays below live in its own linear memory, laid
 * out by `reserve` for a number of particles.
 *
 *  - run_plain: FastJet's N2Plain (_simple_N2_cluster) for anti-kT or kT of radius r: every jet
 *    caches its nearest neighbour (NN); after a step only jets whose NN was merged are rescanned.
 *  - run_tiled: anti-kT with FastJet's NN bookkeeping on a grid of cells R wide, cheaper than
 *    N2Tiled: each jet lists the jets that point at it, each cell keeps an upper bound of its jets'
 *    NN distances, and the merged jet is checked only against cells that can hold a jet closer to it
 *    than that jet's own NN, or its own NN. Same steps as run_plain (ties between exactly equal
 *    distances aside, which real events do not have).
 *
 * Conventions (FastJet's): y = ½ ln((E + pz)/(E − pz)) as PseudoJet::_set_rap_phi, φ ∈ [0, 2π),
 * Δφ = min(|φ1 − φ2|, 2π − |φ1 − φ2|), ΔR² = Δφ² + Δy², d_ij = min(s_i, s_j) ΔR²/R², d_iB = s_i with
 * s = pT⁻² (anti-kT, 1e300 for pT = 0) or pT² (kT); the smallest d is taken with strict <.
 */

#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))
#define IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

IMPORT(log) double js_log(double);
IMPORT(atan2) double js_atan2(double, double);
IMPORT(exp) double js_exp(double);
IMPORT(cos) double js_cos(double);
IMPORT(sin) double js_sin(double);

static const double TWO_PI = 2 * 3.141592653589793;
/* FastJet's MaxRap: the rapidity given to a jet with pT = 0 and E = |pz|. */
static const double MAX_RAP = 1e5;

/* ---- state: one event's particles, its history, scratch of both loops ---------------------------- */

/* History (particles 0…n−1, then merge k at n + k): 4-vectors, y, φ, constituent lists. */
static double *px, *py, *pz, *e, *rap, *phi;
static int *first, *last, *count, *next, *parentA, *parentB, *inclusive;
static int n, nMerges, nInclusive;
/* an event as (pT, η, φ) triples, for load_triples */
static double *input;
/* N2Plain slots */
static double *bRap, *bPhi, *bScale, *bNNDist, *diJ;
static int *bNN, *bIdx;
/* grid points (slots) */
static double *gY, *gPhi, *nnDist, *tScale, *actDiJ;
static int *nn, *orphans, *updated, *cellY, *cellP, *where, *rHead, *rNext, *rPrev, *hist, *pos,
    *act;
static int nOrphans, nAct;
/* grid cells: each a segment [segStart, segStart + segLen) of the pool, with room for segCap */
static int *segStart, *segLen, *segCap;
static double *maxNN;
/* the pool: each point's (y, φ) and slot, cell by cell, so a search reads its cells' points in a
   row (a linked list would make every step wait for the previous load); a spare for compacting */
static double *poolY, *poolP, *spareY, *spareP;
static int *poolId, *spareId;
static unsigned poolEnd;

extern unsigned char __heap_base;
static unsigned cap, cellCap, poolCap, cellsAt;

typedef unsigned long long u64;

/* Linear memory of at least `bytes` (sizes in 64 bits: wasm32 stops at 4 GiB); 0 when it cannot grow. */
static int grow_to(u64 bytes) {
  u64 have = (u64)__builtin_wasm_memory_size(0) * 65536u;
  if (bytes <= have) return 1;
  if (bytes > 4294967296ull - 65536u) return 0;
  return __builtin_wasm_memory_grow(0, (__SIZE_TYPE__)((bytes - have + 65535u) / 65536u)) !=
         (__SIZE_TYPE__)-1;
}

/*
 * Lay out array `ptr` of k `type`s at `at` (8-byte aligned). A layout runs twice: once to size it
 * and grow the memory, then (commit) to set the pointers, so a failed grow leaves the old layout.
 */
#define TAKE(ptr, type, k)                                                                             \
  do {                                                                                                 \
    if (commit) ptr = (type *)(base + (unsigned)at);                                                   \
    at += ((u64)(k) * sizeof(type) + 7u) & ~(u64)7;                                                    \
  } while (0)

/* Room for `c` particles (2c history entries). Returns 0 when memory cannot grow. */
EXPORT int reserve(unsigned c) {
  unsigned char *base = &__heap_base;
  for (int commit = 0; commit < 2; commit++) {
    u64 at = 0;
    TAKE(px, double, 2 * c); TAKE(py, double, 2 * c); TAKE(pz, double, 2 * c); TAKE(e, double, 2 * c);
    TAKE(rap, double, 2 * c); TAKE(phi, double, 2 * c);
    TAKE(first, int, 2 * c); TAKE(last, int, 2 * c); TAKE(count, int, 2 * c);
    TAKE(input, double, 3 * c);
    TAKE(next, int, c); TAKE(parentA, int, c); TAKE(parentB, int, c); TAKE(inclusive, int, c);
    TAKE(bRap, double, c); TAKE(bPhi, double, c); TAKE(bScale, double, c); TAKE(bNNDist, double, c);
    TAKE(diJ, double, c); TAKE(bNN, int, c); TAKE(bIdx, int, c);
    TAKE(gY, double, c); TAKE(gPhi, double, c); TAKE(nnDist, double, c); TAKE(tScale, double, c);
    TAKE(actDiJ, double, c);
    TAKE(nn, int, c); TAKE(orphans, int, c); TAKE(updated, int, c); TAKE(cellY, int, c);
    TAKE(cellP, int, c); TAKE(where, int, c); TAKE(rHead, int, c); TAKE(rNext, int, c);
    TAKE(rPrev, int, c); TAKE(hist, int, c); TAKE(pos, int, c); TAKE(act, int, c);
    if (!commit && !grow_to((u64)(__UINTPTR_TYPE__)base + at)) return 0;
    cellsAt = (unsigned)at;
  }
  cellCap = 0;
  poolCap = 0;
  cap = c;
  return 1;
}

/* Room left in a cell's segment when the pool is laid out or compacted (≥ 1). */
#define SLACK 2
/*
 * JETS_STRESS (a test build, see jets-wasm.test.ts): every placed point moves its cell to the
 * pool's end and the pool is as small as it may be, so moves and compactions happen all the time.
 */
#ifdef JETS_STRESS
static int nMoves, nCompactions;
EXPORT int moves(void) { return nMoves; }
EXPORT int compactions(void) { return nCompactions; }
#define POOL(points, k) ((points) + SLACK * (k) + (points) / 2 + 1)
#define STRESSED 1
#else
#define POOL(points, k) (3 * (points) + 2 * SLACK * (k) + 16)
#define STRESSED 0
#endif

/*
 * Cell arrays for k cells and a pool for the points of n slots, after the particle arrays. A cell
 * that fills up moves to the pool's end with room for twice its points + SLACK; when the end is
 * reached the pool is compacted (every cell to its points + SLACK, at most n + SLACK·k), so
 * 3n + 2·SLACK·k always does.
 */
static int reserve_grid(unsigned k, unsigned points) {
  unsigned pool = POOL(points, k);
  if (k <= cellCap && pool <= poolCap) return 1;
  if (k < cellCap) k = cellCap;
  if (pool < poolCap) pool = poolCap;
  unsigned char *base = &__heap_base;
  for (int commit = 0; commit < 2; commit++) {
    u64 at = cellsAt;
    TAKE(segStart, int, k);
    TAKE(segLen, int, k);
    TAKE(segCap, int, k);
    TAKE(maxNN, double, k);
    TAKE(poolY, double, pool);
    TAKE(poolP, double, pool);
    TAKE(poolId, int, pool);
    TAKE(spareY, double, pool);
    TAKE(spareP, double, pool);
    TAKE(spareId, int, pool);
    if (!commit && !grow_to((u64)(__UINTPTR_TYPE__)base + at)) return 0;
  }
  cellCap = k;
  poolCap = pool;
  return 1;
}

/* Byte offsets of the arrays the TypeScript side views, in this order. */
EXPORT unsigned layout(int i) {
  void *p[] = {px, py, pz, e, rap, phi, first, last, count, next, parentA, parentB, inclusive, input};
  return (unsigned)(__UINTPTR_TYPE__)p[i];
}
EXPORT int n_merges(void) { return nMerges; }
EXPORT int n_inclusive(void) { return nInclusive; }

/* ---- shared pieces -------------------------------------------------------------------------------- */

static inline double dabs(double x) { return __builtin_fabs(x); }

static inline double dist2(double y1, double p1, double y2, double p2) {
  double adphi = dabs(p1 - p2);
  double alt = TWO_PI - adphi;
  double dphi = alt < adphi ? alt : adphi;
  double dy = y1 - y2;
  return dphi * dphi + dy * dy;
}

EXPORT double rapidity(double x, double y, double z, double en) {
  double kt2 = x * x + y * y;
  double absPz = dabs(z);
  if (en == absPz && kt2 == 0) return z >= 0 ? MAX_RAP + absPz : -(MAX_RAP + absPz);
  double m2 = (en + z) * (en - z) - kt2;
  if (m2 < 0) m2 = 0; /* as Math.max(0, m2): a NaN stays NaN */
  double ePlusPz = en + absPz;
  double r = 0.5 * js_log((kt2 + m2) / (ePlusPz * ePlusPz));
  return z > 0 ? -r : r;
}

EXPORT double phi02pi(double x, double y) {
  if (x == 0 && y == 0) return 0;
  double p = js_atan2(y, x);
  if (p < 0) p += TWO_PI;
  if (p >= TWO_PI) p -= TWO_PI;
  return p;
}

/* History entry h is the 4-vector (x, y, z, en), with its rapidity and φ. */
static void set_entry(int h, double x, double y, double z, double en) {
  px[h] = x;
  py[h] = y;
  pz[h] = z;
  e[h] = en;
  rap[h] = rapidity(x, y, z, en);
  phi[h] = phi02pi(x, y);
}

/*
 * The event stored as `slots` (pT, η, φ) triples in input[0…3·slots) (the LHCO row layout): each slot
 * with pT > 0 becomes the next particle, massless, built as FastJet's PtYPhiM(pT, η, φ, 0) does; the
 * others are padding. Returns the number of particles.
 */
EXPORT int load_triples(int slots) {
  int k = 0;
  for (int s = 0; s < slots; s++) {
    double pt = input[3 * s];
    if (!(pt > 0)) continue;
    double ey = js_exp(input[3 * s + 1]), plus = pt * ey, minus = pt / ey;
    double x = pt * js_cos(input[3 * s + 2]), y = pt * js_sin(input[3 * s + 2]);
    set_entry(k, x, y, 0.5 * (plus - minus), 0.5 * (plus + minus));
    first[k] = k;
    last[k] = k;
    count[k] = 1;
    next[k] = -1;
    k++;
  }
  return k;
}

/* E-scheme merge of history entries ha and hb (a recorded step); returns the child's index. */
static int merge(int ha, int hb) {
  int child = n + nMerges;
  set_entry(child, px[ha] + px[hb], py[ha] + py[hb], pz[ha] + pz[hb], e[ha] + e[hb]);
  next[last[ha]] = first[hb];
  first[child] = first[ha];
  last[child] = last[hb];
  count[child] = count[ha] + count[hb];
  int k = nMerges++;
  parentA[k] = ha;
  parentB[k] = hb;
  return child;
}

/* FastJet's jet_scale_for_algorithm, including its guard against pT = 0. */
static inline double scale_of(int h, int antiKt) {
  double kt2 = px[h] * px[h] + py[h] * py[h];
  return antiKt ? (kt2 > 1e-300 ? 1 / kt2 : 1e300) : kt2;
}

/* d_ij of a jet with scale `own`, its NN `j` (−1: none) at ΔR² `dist`: the smaller scale times ΔR². */
static inline double pair_d(double dist, double own, int j, const double *scales) {
  if (j >= 0 && scales[j] < own) own = scales[j];
  return dist * own;
}

static void begin(int n_) {
  n = n_;
  nMerges = 0;
  nInclusive = 0;
}

/* ---- N2Plain ---------------------------------------------------------------------------------------- */

static void setBrief(int s, int h, int antiKt, double r2) {
  bRap[s] = rap[h];
  bPhi[s] = phi[h];
  bScale[s] = scale_of(h, antiKt);
  bNN[s] = -1;
  bNNDist[s] = r2;
  bIdx[s] = h;
}

static inline double plain_dij(int s) { return pair_d(bNNDist[s], bScale[s], bNN[s], bScale); }

/*
 * The scans over slots take two slots at a time (SIMD128, f64x2 lanes: slots t and t + 1), with the
 * same results as the scalar loops they replace:
 *  - dist2x2 is dist2 on both lanes, the same operations in the same order (f64x2.pmin(adphi, alt) is
 *    alt < adphi ? alt : adphi), so the same bits;
 *  - an argmin keeps a best value and its index per lane, updated with strict <, so each lane holds
 *    the first index of its smallest value; argmin_lanes then takes the smaller value, and on equal
 *    values the smaller index: the first index of the smallest value, as the scalar strict-< scan. An
 *    odd last slot is taken after that, with strict < (it has the largest index).
 * A slot left out of a scan (the jet itself) gets +inf in its lane, which never wins a strict <.
 */
static inline v128_t dist2x2(v128_t y1, v128_t p1, v128_t y2, v128_t p2) {
  v128_t adphi = wasm_f64x2_abs(wasm_f64x2_sub(p1, p2));
  v128_t dphi = wasm_f64x2_pmin(adphi, wasm_f64x2_sub(wasm_f64x2_splat(TWO_PI), adphi));
  v128_t dy = wasm_f64x2_sub(y1, y2);
  return wasm_f64x2_add(wasm_f64x2_mul(dphi, dphi), wasm_f64x2_mul(dy, dy));
}

/* One step of a per-lane argmin: values d at indices ts (i64x2). */
static inline void argmin_step(v128_t d, v128_t ts, v128_t *best, v128_t *idx) {
  v128_t lt = wasm_f64x2_lt(d, *best);
  *best = wasm_v128_bitselect(d, *best, lt);
  *idx = wasm_v128_bitselect(ts, *idx, lt);
}

/* The per-lane argmin's result: the smallest value, and in *j its first index. */
static inline double argmin_lanes(v128_t best, v128_t idx, int *j) {
  double b0 = wasm_f64x2_extract_lane(best, 0), b1 = wasm_f64x2_extract_lane(best, 1);
  int i0 = (int)wasm_i64x2_extract_lane(idx, 0), i1 = (int)wasm_i64x2_extract_lane(idx, 1);
  if (b1 < b0 || (b1 == b0 && i1 < i0)) {
    *j = i1;
    return b1;
  }
  *j = i0;
  return b0;
}

/* d of positions q, q + 1 (slots or pool positions) with `self`'s lane +inf when it is one of them. */
static inline v128_t without_pos(v128_t d, unsigned q, unsigned self) {
  if (self - q >= 2) return d;
  double inf = __builtin_inf();
  return self != q ? wasm_f64x2_replace_lane(d, 1, inf) : wasm_f64x2_replace_lane(d, 0, inf);
}

/*
 * The smallest dist2 from (ys, ps) to the points at positions [from, end) of y and p, position
 * `skip` left out, if below `start`: two positions at a time, then an odd last one. Returns it (else
 * `start`) and in *at its first position (−1 when none is below `start`).
 */
static inline double nearest_in(const double *y, const double *p, unsigned from, unsigned end, double ys,
                                double ps, unsigned skip, double start, int *at) {
  v128_t vy = wasm_f64x2_splat(ys), vp = wasm_f64x2_splat(ps);
  v128_t best = wasm_f64x2_splat(start), idx = wasm_i64x2_splat(-1), qs = wasm_i64x2_make(from, from + 1);
  unsigned q = from;
  for (; q + 1 < end; q += 2) {
    v128_t d = dist2x2(vy, vp, wasm_v128_load(y + q), wasm_v128_load(p + q));
    argmin_step(without_pos(d, q, skip), qs, &best, &idx);
    qs = wasm_i64x2_add(qs, wasm_i64x2_splat(2));
  }
  double m = argmin_lanes(best, idx, at);
  if (q < end && q != skip) {
    double d = dist2(ys, ps, y[q], p[q]);
    if (d < m) {
      m = d;
      *at = (int)q;
    }
  }
  return m;
}

/*
 * NN of slot s among the first `tail` slots (FastJet's _bj_set_NN_nocross). Slot s is left out through
 * its lane, not by storing a +inf rapidity in bRap[s] for the scan: clang 14 was seen to re-load the
 * splat of bRap[s] after such a store.
 */
static void rescan(int s, int tail, double r2) {
  int j;
  bNNDist[s] = nearest_in(bRap, bPhi, 0, (unsigned)tail, bRap[s], bPhi[s], (unsigned)s, r2, &j);
  bNN[s] = j;
}

/*
 * After merging slots a and b into b (and moving the last slot, now `tail`, into a): slot s ≠ b, at
 * distance d from the new jet b. Rescan it if its NN was a or b, take b if it is closer than its NN,
 * and follow the move of its NN from `tail` to a.
 */
static inline void plain_update(int s, double d, int a, int b, int tail, double r2) {
  int nnS = bNN[s];
  if (nnS == a || nnS == b) {
    rescan(s, tail, r2);
    diJ[s] = plain_dij(s);
  }
  if (d < bNNDist[s]) {
    bNNDist[s] = d;
    bNN[s] = b;
    diJ[s] = plain_dij(s);
  }
  if (bNN[s] == tail) bNN[s] = a;
}

/*
 * Cluster particles 0…n_−1 to completion with anti-kT (antiKt ≠ 0) or kT of radius r. kT with a huge
 * r (fjcontrib uses 1000) merges everything pairwise before any beam step.
 */
EXPORT void run_plain(int n_, int antiKt, double r) {
  begin(n_);
  double r2 = r * r;
  for (int s = 0; s < n; s++) setBrief(s, s, antiKt, r2);
  /*
   * initial neighbours: each jet against all earlier ones, updating both (FastJet's crosscheck); the
   * earlier ones' NN distances and NNs are updated lane by lane (bitselect), the NNs through the
   * i64x2 mask's low halves (lanes 0 and 2 as i32x4)
   */
  for (int a = 1; a < n; a++) {
    double ya = bRap[a], pa = bPhi[a];
    v128_t vy = wasm_f64x2_splat(ya), vp = wasm_f64x2_splat(pa), va = wasm_i32x4_splat(a);
    v128_t vbest = wasm_f64x2_splat(r2), idx = wasm_i64x2_splat(-1), bs = wasm_i64x2_make(0, 1);
    int b = 0;
    for (; b + 1 < a; b += 2) {
      v128_t d = dist2x2(vy, vp, wasm_v128_load(bRap + b), wasm_v128_load(bPhi + b));
      argmin_step(d, bs, &vbest, &idx);
      bs = wasm_i64x2_add(bs, wasm_i64x2_splat(2));
      v128_t old = wasm_v128_load(bNNDist + b);
      v128_t closer = wasm_f64x2_lt(d, old);
      wasm_v128_store(bNNDist + b, wasm_v128_bitselect(d, old, closer));
      v128_t closer32 = wasm_i32x4_shuffle(closer, closer, 0, 2, 0, 2);
      v128_t nn2 = wasm_v128_load64_zero(bNN + b);
      wasm_v128_store64_lane(bNN + b, wasm_v128_bitselect(va, nn2, closer32), 0);
    }
    int j;
    double best = argmin_lanes(vbest, idx, &j);
    if (b < a) {
      double d = dist2(ya, pa, bRap[b], bPhi[b]);
      if (d < best) {
        best = d;
        j = b;
      }
      if (d < bNNDist[b]) {
        bNNDist[b] = d;
        bNN[b] = a;
      }
    }
    bNN[a] = j;
    bNNDist[a] = best;
  }
  for (int s = 0; s < n; s++) diJ[s] = plain_dij(s);
  int tail = n;
  /* the slot with the smallest d_ij, when the previous step found it (−1: scan for it) */
  int next = -1;
  while (tail > 0) {
    int a = next;
    if (a < 0) {
      double mn = diJ[0];
      a = 0;
      for (int s = 1; s < tail; s++)
        if (diJ[s] < mn) {
          mn = diJ[s];
          a = s;
        }
    }
    next = -1;
    int b = bNN[a];
    if (b >= 0) {
      if (a < b) {
        int t = a;
        a = b;
        b = t;
      }
      setBrief(b, merge(bIdx[a], bIdx[b]), antiKt, r2);
    } else {
      inclusive[nInclusive++] = bIdx[a];
    }
    tail--;
    /* slot a now takes the last slot's jet */
    diJ[a] = diJ[tail];
    bRap[a] = bRap[tail];
    bPhi[a] = bPhi[tail];
    bScale[a] = bScale[tail];
    bNN[a] = bNN[tail];
    bNNDist[a] = bNNDist[tail];
    bIdx[a] = bIdx[tail];
    if (b < 0) {
      /* a beam step: rescan the jets whose NN was a (or that had none, as FastJet does) */
      for (int s = 0; s < tail; s++) {
        int nnS = bNN[s];
        if (nnS == a || nnS == b) {
          rescan(s, tail, r2);
          diJ[s] = plain_dij(s);
        }
        if (bNN[s] == tail) bNN[s] = a;
      }
      continue;
    }
    /*
     * Every slot s ≠ b against the new jet b, two at a time: the NN of b is the argmin of these
     * distances (kept per lane, b's own lane +inf); a pair goes through plain_update only when one of
     * its slots needs it (its NN was a, b or `tail`, or b is closer than its NN), which is rare; slot
     * b itself needs none (its lane is +inf, and its NN stays −1 until the argmin gives it). The
     * argmin of d_ij for the next step is kept as well, each slot's d_ij being final once its pair is
     * done (b's own comes last, merged by value then index), so that the next step needs no scan.
     */
    double yb = bRap[b], pb = bPhi[b];
    v128_t vy = wasm_f64x2_splat(yb), vp = wasm_f64x2_splat(pb);
    v128_t va = wasm_i32x4_splat(a), vb = wasm_i32x4_splat(b), vt = wasm_i32x4_splat(tail);
    v128_t vbest = wasm_f64x2_splat(r2), idx = wasm_i64x2_splat(-1), ss = wasm_i64x2_make(0, 1);
    v128_t dijBest = wasm_f64x2_splat(__builtin_inf()), dijIdx = wasm_i64x2_splat(-1);
    int s = 0;
    for (; s + 1 < tail; s += 2) {
      v128_t d = dist2x2(wasm_v128_load(bRap + s), wasm_v128_load(bPhi + s), vy, vp);
      d = without_pos(d, (unsigned)s, (unsigned)b);
      argmin_step(d, ss, &vbest, &idx);
      v128_t nn2 = wasm_v128_load64_splat(bNN + s);
      v128_t hit = wasm_v128_or(wasm_i32x4_eq(nn2, va), wasm_i32x4_eq(nn2, vb));
      hit = wasm_v128_or(hit, wasm_i32x4_eq(nn2, vt));
      hit = wasm_v128_or(hit, wasm_f64x2_lt(d, wasm_v128_load(bNNDist + s)));
      if (wasm_v128_any_true(hit)) {
        plain_update(s, wasm_f64x2_extract_lane(d, 0), a, b, tail, r2);
        plain_update(s + 1, wasm_f64x2_extract_lane(d, 1), a, b, tail, r2);
      }
      argmin_step(without_pos(wasm_v128_load(diJ + s), (unsigned)s, (unsigned)b), ss, &dijBest, &dijIdx);
      ss = wasm_i64x2_add(ss, wasm_i64x2_splat(2));
    }
    int j, k;
    double best = argmin_lanes(vbest, idx, &j), mn = argmin_lanes(dijBest, dijIdx, &k);
    if (s < tail && s != b) {
      double d = dist2(bRap[s], bPhi[s], yb, pb);
      plain_update(s, d, a, b, tail, r2);
      if (d < best) {
        best = d;
        j = s;
      }
      if (diJ[s] < mn) {
        mn = diJ[s];
        k = s;
      }
    }
    bNN[b] = j;
    bNNDist[b] = best;
    diJ[b] = plain_dij(b);
    if (diJ[b] < mn || (diJ[b] == mn && b < k)) k = b;
    /* the scan takes slot 0 when no d_ij is below +inf (k < 0), and when diJ[0] is NaN */
    next = k < 0 || diJ[0] != diJ[0] ? 0 : k;
  }
}

/* ---- the grid of anti-kT ---------------------------------------------------------------------------- */

/*
 * NN within R of points (slots) in the (y, φ) plane. Each point keeps its NN (nn, −1 for none within R)
 * and ΔR² to it (nnDist, R² for none). Cells are at least R wide (rows spanning the points'
 * rapidities, columns spanning 2π), so a point's neighbours within R lie in the 3 × 3 cells around its
 * own. A cell is skipped when its lower bound on the distance, from the point's place in its own cell,
 * cannot beat what is looked for. A cell's points sit together in a pool (their y, φ and slot), so a
 * walk through a cell reads consecutive memory. Each point lists the points whose NN it is
 * (rHead/rNext/rPrev), and each cell keeps an upper bound of its points' NN distances (maxNN), raised
 * whenever one grows and made exact whenever the cell is walked.
 */
#define SPAN 3
#define NBR 9
/*
 * Caps on rapidity rows and φ columns: wider cells stay correct, and neither a stray far-forward
 * particle nor a tiny radius can blow the grid up (at most 128 × 256 cells).
 */
#define MAX_Y_CELLS 128
#define MAX_PHI_CELLS 256
/* Taken off every lower bound on a distance, so that rounding can never skip a cell it should not. */
static const double MARGIN = 1e-9;
/* The 3 × 3 offsets (row, column, each + 1), own cell first, then the ring around it. */
static const int OFF_I[NBR] = {1, 0, 0, 0, 1, 1, 2, 2, 2};
static const int OFF_J[NBR] = {1, 0, 1, 2, 0, 2, 0, 1, 2};

static double yMin, wY, wPhi, gR2;
static int nY, nPhi;
/* the query point's neighbour rows (index of the row's first cell, −1 outside), columns, and the
   squared lower bounds of |Δy| and |Δφ| to them */
static int qRow[SPAN], qCol[SPAN];
static double qLy[SPAN], qLp[SPAN];

static inline int clampi(double v, int lo, int hi) {
  /* v is floor()ed; NaN lands on lo */
  if (!(v >= lo)) return lo;
  if (v > hi) return hi;
  return (int)v;
}

/*
 * An empty grid for points 0…n−1 (rapidities rap[0…n)) and radius r; 0 when r > 2π/3 (fewer than 3
 * columns) or when the memory for the cells cannot grow.
 */
static int grid_setup(double r) {
  double w = r;
  double cols = __builtin_floor(TWO_PI / w);
  if (!(cols >= SPAN)) return 0;
  nPhi = cols > MAX_PHI_CELLS ? MAX_PHI_CELLS : (int)cols;
  wPhi = TWO_PI / nPhi;
  gR2 = r * r;
  double lo = __builtin_inf(), hi = -__builtin_inf();
  for (int h = 0; h < n; h++) {
    if (rap[h] < lo) lo = rap[h];
    if (rap[h] > hi) hi = rap[h];
  }
  yMin = n > 0 ? lo : 0;
  nY = n > 0 ? clampi(__builtin_floor((hi - lo) / w), 1, MAX_Y_CELLS) : 1;
  double wide = (hi - lo) / nY;
  wY = n > 0 && hi > lo ? (wide > w ? wide : w) : w;
  unsigned nCells = (unsigned)nY * (unsigned)nPhi;
  if (!reserve_grid(nCells, (unsigned)n)) return 0;
  for (unsigned c = 0; c < nCells; c++) {
    segLen[c] = 0;
    maxNN[c] = 0;
  }
  return 1;
}

/* The cell of a point at (y, φ), noted as slot s's. */
static int cell_of(int s, double y, double p) {
  int iy = clampi(__builtin_floor((y - yMin) / wY), 0, nY - 1);
  int ip = clampi(__builtin_floor(p / wPhi), 0, nPhi - 1);
  cellY[s] = iy;
  cellP[s] = ip;
  return iy * nPhi + ip;
}

/* Lay the pool out for points 0…count−1 (each cell its points + SLACK); the cells stay empty. */
static void grid_layout(int count) {
  for (int s = 0; s < count; s++) segLen[cell_of(s, rap[s], phi[s])]++;
  unsigned at = 0, nCells = (unsigned)nY * (unsigned)nPhi;
  for (unsigned c = 0; c < nCells; c++) {
    segStart[c] = at;
    segCap[c] = segLen[c] + SLACK;
    at += segCap[c];
    segLen[c] = 0;
  }
  poolEnd = at;
}

/* Cell c's points to positions from `to` of the arrays toY, toP, toId (the pool's end or the spare). */
static void copy_segment(int c, double *toY, double *toP, int *toId, unsigned to) {
  for (int k = 0; k < segLen[c]; k++) {
    unsigned from = segStart[c] + k;
    toY[to + k] = poolY[from];
    toP[to + k] = poolP[from];
    toId[to + k] = poolId[from];
    where[poolId[from]] = to + k;
  }
}

/* Every cell to its points + SLACK, in the spare pool, which becomes the pool. */
static void compact(void) {
#ifdef JETS_STRESS
  nCompactions++;
#endif
  unsigned at = 0, nCells = (unsigned)nY * (unsigned)nPhi;
  for (unsigned c = 0; c < nCells; c++) {
    copy_segment((int)c, spareY, spareP, spareId, at);
    segStart[c] = at;
    segCap[c] = segLen[c] + SLACK;
    at += segCap[c];
  }
  double *t = poolY;
  poolY = spareY;
  spareY = t;
  t = poolP;
  poolP = spareP;
  spareP = t;
  int *ti = poolId;
  poolId = spareId;
  spareId = ti;
  poolEnd = at;
}

/* Room for one more point in full cell c: its segment moves to the pool's end with twice the room. */
static void make_room(int c) {
#ifdef JETS_STRESS
  nMoves++;
#endif
  unsigned room = 2 * segLen[c] + SLACK;
  if (poolEnd + room > poolCap) {
    compact();
    return;
  }
  copy_segment(c, poolY, poolP, poolId, poolEnd);
  segStart[c] = poolEnd;
  segCap[c] = room;
  poolEnd += room;
}

/* Point s is at (y, φ ∈ [0, 2π)), with no NN yet and nobody pointing at it. */
static void place(int s, double y, double p) {
  gY[s] = y;
  gPhi[s] = p;
  nn[s] = -1;
  nnDist[s] = gR2;
  rHead[s] = -1;
  int c = cell_of(s, y, p);
  if (segLen[c] == segCap[c] || STRESSED) make_room(c);
  unsigned k = segStart[c] + segLen[c]++;
  poolY[k] = y;
  poolP[k] = p;
  poolId[k] = s;
  where[s] = k;
}

static void unlinkFromNN(int s) {
  int to = nn[s];
  if (to < 0) return;
  int prev = rPrev[s], nx = rNext[s];
  if (prev >= 0) rNext[prev] = nx;
  else rHead[to] = nx;
  if (nx >= 0) rPrev[nx] = prev;
}

/* Take slot s out of its cell: the cell's last point takes its place in the pool. */
static void unlinkCell(int s) {
  int c = cellY[s] * nPhi + cellP[s];
  unsigned k = where[s], lastK = segStart[c] + --segLen[c];
  if (k == lastK) return;
  int moved = poolId[lastK];
  poolY[k] = poolY[lastK];
  poolP[k] = poolP[lastK];
  poolId[k] = moved;
  where[moved] = k;
}

/* Move the points that had x as NN to `orphans`, detached (nn = −1, old nnDist kept). */
static void adoptOrphans(int x) {
  for (int s = rHead[x]; s >= 0; s = rNext[s]) {
    orphans[nOrphans++] = s;
    nn[s] = -1;
  }
  rHead[x] = -1;
}

/* Take points a and b (b = −1: none) off the grid; the points that had either as NN become orphans. */
static void grid_remove(int a, int b) {
  nOrphans = 0;
  unlinkFromNN(a);
  if (b >= 0) unlinkFromNN(b);
  adoptOrphans(a);
  unlinkCell(a);
  if (b >= 0) {
    adoptOrphans(b);
    unlinkCell(b);
  }
}

/* s's NN becomes u (−1: none) at ΔR² d. */
static void setNN(int s, int u, double d) {
  unlinkFromNN(s);
  nn[s] = u;
  nnDist[s] = d;
  if (u < 0) return;
  int f = rHead[u];
  rPrev[s] = -1;
  rNext[s] = f;
  if (f >= 0) rPrev[f] = s;
  rHead[u] = s;
}

/* Rows, columns and squared distance bounds of the 3 × 3 cells around point s. */
static void prepare(int s) {
  int iy = cellY[s], ip = cellP[s];
  /* the point's offsets inside its cell, clamped: a point rounded just outside only loosens bounds */
  double fy = gY[s] - (yMin + iy * wY);
  fy = fy > 0 ? (fy < wY ? fy : wY) : 0;
  double fp = gPhi[s] - ip * wPhi;
  fp = fp > 0 ? (fp < wPhi ? fp : wPhi) : 0;
  for (int d = -1; d <= 1; d++) {
    int row = iy + d;
    qRow[d + 1] = row >= 0 && row < nY ? row * nPhi : -1;
    int col = ip + d;
    if (col < 0) col += nPhi;
    else if (col >= nPhi) col -= nPhi;
    qCol[d + 1] = col;
    /* distance to the cell's nearer edge; with ≥ 3 columns the other way round φ is never shorter */
    double ly = d > 0 ? d * wY - fy : d < 0 ? fy + (-d - 1) * wY : 0;
    double lp = d > 0 ? d * wPhi - fp : d < 0 ? fp + (-d - 1) * wPhi : 0;
    double by = ly - MARGIN, bp = lp - MARGIN;
    if (!(by > 0)) by = 0;
    if (!(bp > 0)) bp = 0;
    qLy[d + 1] = by * by;
    qLp[d + 1] = bp * bp;
  }
}

/*
 * The walks through a cell take two points at a time (pool positions q, q + 1: f64x2 lanes), as
 * N2Plain's scans do (dist2x2, argmin_step, argmin_lanes above): each lane keeps its smallest d and its
 * first pool position, and a cell's argmin is the smaller value, on equal values the smaller position
 * (the earlier in the walk), then an odd last point one at a time. A cell's best then replaces the
 * running best only when strictly smaller, so across cells too the first point in walk order (cells in
 * OFF_I/OFF_J order, points in pool order) with the smallest d wins, as with one point at a time. The
 * lanes start from the running best (index −1), so a lane that never beats it never wins. The query
 * point itself is left out through its lane (+inf), found by its pool position.
 */


/* s's NN within R among all placed points, searched from s's own cell outwards. */
static void findNN(int s) {
  prepare(s);
  double ys = gY[s], ps = gPhi[s], best = gR2;
  int j = -1;
  unsigned self = where[s];
  for (int k = 0; k < NBR; k++) {
    int i = OFF_I[k], row = qRow[i];
    if (row < 0) continue;
    int jj = OFF_J[k];
    if (qLy[i] + qLp[jj] >= best) continue;
    int c = row + qCol[jj], at;
    double m = nearest_in(poolY, poolP, segStart[c], segStart[c] + segLen[c], ys, ps, self, best, &at);
    if (m < best) {
      best = m;
      j = poolId[at];
    }
  }
  setNN(s, j, best);
  int c = cellY[s] * nPhi + cellP[s];
  if (best > maxNN[c]) maxNN[c] = best;
}

/*
 * Newly placed point b: every point closer to b than to its NN (orphans included: their old NN
 * distance still bounds every other point) takes b as NN, listed in `updated`; b gets its own NN.
 * Returns how many were updated.
 *
 * Two points at a time: b's NN is a per-lane argmin per cell (as in findNN); the points' NN distances
 * are fetched by slot (nnDist[poolId]), and a pair with a point closer to b than to its NN (rare) is
 * updated one point at a time, in pool order; the cell's largest NN distance is a per-lane max
 * (f64x2.pmax(m, x) is x > m ? x : m; NN distances are never NaN or −0, so the order does not matter),
 * taken after those updates. b's own lane (b sits in its own cell) is +inf for d and 0 for the max.
 */
static int addNeighbour(int b) {
  prepare(b);
  double yb = gY[b], pb = gPhi[b], best = gR2;
  v128_t vy = wasm_f64x2_splat(yb), vp = wasm_f64x2_splat(pb), vbest = wasm_f64x2_splat(best);
  v128_t inf = wasm_f64x2_splat(__builtin_inf());
  int nnB = -1, nUpdated = 0;
  unsigned self = where[b];
  for (int k = 0; k < NBR; k++) {
    int i = OFF_I[k], row = qRow[i];
    if (row < 0) continue;
    int jj = OFF_J[k];
    int c = row + qCol[jj];
    double bound = qLy[i] + qLp[jj];
    if (bound >= best && bound >= maxNN[c]) continue;
    unsigned q = segStart[c], end = q + segLen[c];
    v128_t lbest = vbest, idx = wasm_i64x2_splat(-1), qs = wasm_i64x2_make(q, q + 1);
    v128_t vmx = wasm_f64x2_splat(0);
    for (; q + 1 < end; q += 2) {
      v128_t d = dist2x2(wasm_v128_load(poolY + q), wasm_v128_load(poolP + q), vy, vp);
      /* all ones in b's lane */
      v128_t out = wasm_i64x2_splat(0);
      if (self - q < 2) {
        out = self == q ? wasm_i64x2_make(-1, 0) : wasm_i64x2_make(0, -1);
        d = wasm_v128_bitselect(inf, d, out);
      }
      argmin_step(d, qs, &lbest, &idx);
      qs = wasm_i64x2_add(qs, wasm_i64x2_splat(2));
      int s0 = poolId[q], s1 = poolId[q + 1];
      v128_t nnd = wasm_f64x2_make(nnDist[s0], nnDist[s1]);
      if (wasm_v128_any_true(wasm_f64x2_lt(d, nnd))) {
        /* rare: b is closer than the NN of one of them (never for b itself: +inf) */
        double d0 = wasm_f64x2_extract_lane(d, 0), d1 = wasm_f64x2_extract_lane(d, 1);
        if (d0 < nnDist[s0]) {
          setNN(s0, b, d0);
          updated[nUpdated++] = s0;
        }
        if (d1 < nnDist[s1]) {
          setNN(s1, b, d1);
          updated[nUpdated++] = s1;
        }
        nnd = wasm_f64x2_make(nnDist[s0], nnDist[s1]);
      }
      vmx = wasm_f64x2_pmax(vmx, wasm_v128_andnot(nnd, out));
    }
    int at;
    double m = argmin_lanes(lbest, idx, &at);
    double mx0 = wasm_f64x2_extract_lane(vmx, 0), mx1 = wasm_f64x2_extract_lane(vmx, 1);
    double mx = mx1 > mx0 ? mx1 : mx0;
    if (q < end && q != self) {
      int s = poolId[q];
      double d = dist2(poolY[q], poolP[q], yb, pb);
      if (d < nnDist[s]) {
        setNN(s, b, d);
        updated[nUpdated++] = s;
      }
      if (d < m) {
        m = d;
        at = q;
      }
      if (nnDist[s] > mx) mx = nnDist[s];
    }
    if (m < best) {
      best = m;
      nnB = poolId[at];
      vbest = wasm_f64x2_splat(best);
    }
    /* every point of the cell but b was seen: the bound is now exact (b's own is raised below) */
    maxNN[c] = mx;
  }
  setNN(b, nnB, best);
  int c = cellY[b] * nPhi + cellP[b];
  if (best > maxNN[c]) maxNN[c] = best;
  return nUpdated;
}

/* ---- tiled anti-kT ----------------------------------------------------------------------------------- */

/* Slot s now holds history entry h. */
static void tiled_load(int s, int h) {
  tScale[s] = scale_of(h, 1);
  hist[s] = h;
  place(s, rap[h], phi[h]);
}

static void deactivate(int s) {
  int p = pos[s];
  int lastAt = --nAct;
  int moved = act[lastAt];
  act[p] = moved;
  actDiJ[p] = actDiJ[lastAt];
  pos[moved] = p;
}

static inline double tiled_dij(int s) { return pair_d(nnDist[s], tScale[s], nn[s], tScale); }

/*
 * One step: the active jet with the smallest d_ij (the first one on equal values), merged with its NN
 * or, without one, taken as an inclusive jet. The scan compares four d_ij at a time against the smallest
 * so far and goes through them one at a time only when one of them is smaller (rare), so it picks the
 * same jet as a one-at-a-time strict-< scan.
 */
static void tiled_step(void) {
  int at = 0;
  double mn = actDiJ[0];
  v128_t vmn = wasm_f64x2_splat(mn);
  int p = 1;
  for (; p + 3 < nAct; p += 4) {
    v128_t lt = wasm_v128_or(wasm_f64x2_lt(wasm_v128_load(actDiJ + p), vmn),
                             wasm_f64x2_lt(wasm_v128_load(actDiJ + p + 2), vmn));
    if (!wasm_v128_any_true(lt)) continue;
    for (int t = p; t < p + 4; t++)
      if (actDiJ[t] < mn) {
        mn = actDiJ[t];
        at = t;
      }
    vmn = wasm_f64x2_splat(mn);
  }
  for (; p < nAct; p++)
    if (actDiJ[p] < mn) {
      mn = actDiJ[p];
      at = p;
    }
  int a = act[at], b = nn[a];
  /* detach a and b from the grid; the jets that had either as NN become orphans */
  grid_remove(a, b);
  deactivate(a);
  if (b < 0) {
    inclusive[nInclusive++] = hist[a];
  } else {
    tiled_load(b, merge(hist[a], hist[b]));
    /* jets that now have b as NN, b's own NN, orphans closer to b than to their old NN */
    int nUpdated = addNeighbour(b);
    for (int k = 0; k < nUpdated; k++) {
      int s = updated[k];
      actDiJ[pos[s]] = tiled_dij(s);
    }
    actDiJ[pos[b]] = tiled_dij(b);
  }
  /* the remaining orphans: a full NN search each */
  for (int k = 0; k < nOrphans; k++) {
    int s = orphans[k];
    if (nn[s] >= 0) continue; /* adopted by b above */
    findNN(s);
    actDiJ[pos[s]] = tiled_dij(s);
  }
}

/*
 * Anti-kT of radius r on particles 0…n_−1. Radii too large for a grid of at least 3 cells around φ
 * (r > 2π/3), or a grid the memory cannot grow for, use run_plain (the same steps, slower).
 */
EXPORT void run_tiled(int n_, double r) {
  begin(n_);
  if (!grid_setup(r)) {
    run_plain(n_, 1, r);
    return;
  }
  grid_layout(n);
  for (int s = 0; s < n; s++) {
    tiled_load(s, s);
    act[s] = s;
    pos[s] = s;
  }
  nAct = n;
  for (int s = 0; s < n; s++) findNN(s);
  for (int s = 0; s < n; s++) actDiJ[s] = tiled_dij(s);
  while (nAct > 0) tiled_step();
}
