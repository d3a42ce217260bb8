import { SAMP_STRIDE, sharedWgsl, WORKGROUP } from "./kernels";

/**
 * WGSL of the refitted, nested pseudo-experiments (nested-gpu.ts): one thread per toy draws the nested
 * spectra of every cut and analyses each cut as search.ts's `analyseSpectrum` does for the data — the
 * probe search phase with the simplest function, the order chosen by Rao's score tests with the
 * probe's window left out, the final search phase, then the gate's fixed parts (pulls, no rise), the
 * deviance and t = −ln p of the final scan.
 *
 * The fit, in f32 without losing the digits a 10⁶-event spectrum needs: every quantity is relative to
 * a reference fit (the data's probe fit of the cut). Per node the kernel holds that fit's share of its
 * bin and the basis g' = L⁻¹ g, where g = (1, ln(1 − x), −u, …, −u⁴) are fit.ts's internal
 * coordinates and L L^T is the Fisher information of the reference over all bins (nested-gpu.ts). So
 *   μ_i(δ) = μ⁰_i · Σ_nodes share⁰ e^{δ·g'},   −ln L(δ) − (−ln L(0)) = Σ (μ⁰_i − n_i) e_i + n_i (e_i − ln(1 + e_i)),
 * with e_i = Σ share⁰ expm1(δ·g'): no large number is ever subtracted from another. The basis is
 * orthonormal under the reference's Fisher information, so the Newton systems are close to the
 * identity (f32 Cholesky is safe), and L is lower triangular, so the first n components of δ are
 * exactly the n-parameter function (the orders nest as on the CPU). The fit is Fisher scoring with
 * step halving: the same maximum-likelihood point as fit.ts's Newton/Levenberg–Marquardt steps, to f32
 * rounding. Differences from the CPU, all rare: a fit that stalls gets no second try from a
 * least-squares start (fit.ts `retry`), and a count drawn at an f32 sampling boundary differs.
 */

/** u32 words per cut in the table: merged bins, widest window, bin entries at, bounds at, analyse. */
const CUT_STRIDE = 8;
/** Words per merged bin: μ⁰ (f32), width in GeV (f32), first node, end node. */
export const BIN_STRIDE = 4;
/** Words per quadrature node: share⁰ (f32), g'_0 … g'_5 (f32). */
export const NODE_STRIDE = 7;
/** u32 words written per toy and cut: t, deviance (f32 bits), ndf | nParams << 16, flags. */
export const OUT_STRIDE = 4;
/** Output flags. */
export const FLAG_VETO = 1;
export const FLAG_FAILED = 2;
export const FLAG_SKIPPED = 4;

/** The array sizes a module is compiled for: configured bins, cuts, most merged bins of a cut. */
export interface NestedKernelSizes {
  nbins: number;
  nCuts: number;
  maxMerged: number;
}

/** u32 words before the cut table: minParams, maxParams, widthMin, nodes at, then f32 ln searchP,
 * ln Φ̄(2) (search.ts EDGE_PULL), ln Φ̄(maxPull), and the order test's χ² critical values for 1–3
 * degrees of freedom. */
export const HEADER = 16;

export { CUT_STRIDE };

export function nestedKernelSource(k: NestedKernelSizes): string {
  for (const v of [k.nbins, k.nCuts, k.maxMerged])
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`bad kernel layout ${JSON.stringify(k)}`);
  return /* wgsl */ `
const NB: u32 = ${k.nbins}u;
const NC: u32 = ${k.nCuts}u;
const MB: u32 = ${k.maxMerged}u;
const HEADER: u32 = ${HEADER}u;
const CUT_STRIDE: u32 = ${CUT_STRIDE}u;
const BIN_STRIDE: u32 = ${BIN_STRIDE}u;
const NODE_STRIDE: u32 = ${NODE_STRIDE}u;
// search.ts MAX_SEARCH_ITERATIONS and ORDER_FIT_ITERATIONS, fit.ts's default iteration limit
const MAX_SEARCH: u32 = 8u;
const ORDER_IT: u32 = 30u;
const FIT_IT: u32 = 100u;
// Converged when the estimated distance to the minimum ½ gᵀI⁻¹g is below TOL (fit.ts: 1e-8 in
// float64), or below NOISE_EDM twice in a row — a full Newton step from below NOISE_EDM lands within
// rounding of the minimum, where f32 sums leave the estimate at ~1e-7 — or below NOISE_EDM where no
// step lowers −ln L any more (fit.ts caps its noise floor at 1e-3).
const TOL: f32 = 1e-7;
const NOISE_EDM: f32 = 1e-4;

struct Params {
  first: u32,
  count: u32,
  k0: u32,
  k1: u32,
  nsamp: u32,
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
// increment samplers, tightest cut first, in the CPU's order: word 0 = cut * NB + bin
@group(0) @binding(1) var<storage, read> samp: array<u32>;
@group(0) @binding(2) var<storage, read> tab: array<u32>;
@group(0) @binding(3) var<storage, read_write> outv: array<u32>;

// The table's header (HEADER words, nested-gpu.ts): settings that vary from box to box are read
// from it, so that one compiled module serves every plan of the same array sizes.
var<private> MINP: u32;
var<private> MAXP: u32;
var<private> WMIN: u32;
var<private> NODES_AT: u32;
var<private> LOG_SEARCH_P: f32;
var<private> LOG_EDGE: f32;
var<private> LOG_MAX_PULL: f32;
var<private> CRIT: array<f32, 4>;

${sharedWgsl()}

// ---------------------------------------------------------------- per-toy state
var<private> cnt: array<u32, ${k.nCuts * k.nbins}>;
var<private> nb: array<u32, MB>;
var<private> mu: array<f32, MB>;
var<private> emb: array<f32, MB>;
var<private> grad: array<f32, 6>;
var<private> fish: array<f32, 36>;
var<private> cNb: u32;
var<private> cWmax: u32;
var<private> cBin0: u32;

fn tf(i: u32) -> f32 {
  return bitcast<f32>(tab[i]);
}

fn expm1f(x: f32) -> f32 {
  if (abs(x) < 0.1) {
    return x * (1.0 + x * (0.5 + x * (0.16666667 + x * (0.041666668 + x * (0.008333334
      + x * (0.0013888889 + x * 0.0001984127))))));
  }
  return exp(x) - 1.0;
}

// x − ln(1 + x) for x > −1, without cancellation near 0.
fn hlog(x: f32) -> f32 {
  if (abs(x) < 0.1) {
    var p = x * x;
    var s = 0.0;
    var sg = 1.0;
    for (var k = 2u; k < 12u; k++) {
      s = s + sg * p / f32(k);
      p = p * x;
      sg = -sg;
    }
    return s;
  }
  return x - log(1.0 + x);
}

fn excluded(b: u32, ex0: u32, ex1: u32) -> bool {
  return b >= ex0 && b < ex1;
}

// −ln L(δ) relative to the reference, over the bins outside [ex0, ex1); sets mu and emb of every bin,
// and grad and fish (gradient and Fisher information over all six components).
fn evaluate(d: array<f32, 6>, ex0: u32, ex1: u32) -> f32 {
  for (var k = 0u; k < 6u; k++) {
    grad[k] = 0.0;
  }
  for (var k = 0u; k < 36u; k++) {
    fish[k] = 0.0;
  }
  var nll = 0.0;
  for (var b = 0u; b < cNb; b++) {
    let bo = cBin0 + b * BIN_STRIDE;
    let mu0 = tf(bo);
    var em = 0.0;
    var gb = array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for (var j = tab[bo + 2u]; j < tab[bo + 3u]; j++) {
      let o = NODES_AT + j * NODE_STRIDE;
      var g: array<f32, 6>;
      var e = 0.0;
      for (var k = 0u; k < 6u; k++) {
        g[k] = tf(o + 1u + k);
        e = e + d[k] * g[k];
      }
      let x = expm1f(e);
      let s0 = tf(o);
      em = em + s0 * x;
      let w = s0 + s0 * x;
      for (var k = 0u; k < 6u; k++) {
        gb[k] = gb[k] + w * g[k];
      }
    }
    let rho = 1.0 + em;
    let m = mu0 * rho;
    mu[b] = m;
    emb[b] = em;
    if (excluded(b, ex0, ex1)) {
      continue;
    }
    let nn = f32(nb[b]);
    let diff = (mu0 - nn) + mu0 * em;
    nll = nll + (mu0 - nn) * em + nn * hlog(em);
    for (var k = 0u; k < 6u; k++) {
      let gk = gb[k] / rho;
      grad[k] = grad[k] + diff * gk;
      for (var l = 0u; l <= k; l++) {
        fish[k * 6u + l] = fish[k * 6u + l] + m * gk * (gb[l] / rho);
      }
    }
  }
  for (var k = 0u; k < 6u; k++) {
    for (var l = 0u; l < k; l++) {
      fish[l * 6u + k] = fish[k * 6u + l];
    }
  }
  return nll;
}

struct Solve {
  ok: bool,
  x: array<f32, 6>,
}

// The top-left n × n block of fish times x = rhs, by Cholesky with Jacobi scaling.
fn cholSolve(n: u32, rhs: array<f32, 6>) -> Solve {
  var out: Solve;
  out.ok = false;
  var sc: array<f32, 6>;
  var L: array<f32, 36>;
  for (var i = 0u; i < n; i++) {
    let dii = fish[i * 7u];
    if (!(dii > 0.0) || dii > 3e38) {
      return out;
    }
    sc[i] = inverseSqrt(dii);
  }
  for (var i = 0u; i < n; i++) {
    for (var j = 0u; j <= i; j++) {
      var s = fish[i * 6u + j] * sc[i] * sc[j];
      for (var k = 0u; k < j; k++) {
        s = s - L[i * 6u + k] * L[j * 6u + k];
      }
      if (i == j) {
        if (!(s > 1e-6)) {
          return out;
        }
        L[i * 7u] = sqrt(s);
      } else {
        L[i * 6u + j] = s / L[j * 7u];
      }
    }
  }
  var y: array<f32, 6>;
  for (var i = 0u; i < n; i++) {
    var s = rhs[i] * sc[i];
    for (var k = 0u; k < i; k++) {
      s = s - L[i * 6u + k] * y[k];
    }
    y[i] = s / L[i * 7u];
  }
  for (var ii = 0u; ii < n; ii++) {
    let i = n - 1u - ii;
    var s = y[i];
    for (var k = i + 1u; k < n; k++) {
      s = s - L[k * 6u + i] * out.x[k];
    }
    out.x[i] = s / L[i * 7u];
  }
  for (var i = 0u; i < n; i++) {
    out.x[i] = out.x[i] * sc[i];
  }
  out.ok = true;
  return out;
}

struct Fit {
  ok: bool,
  d: array<f32, 6>,
}

// Binned Poisson ML fit of the npar-parameter function with [ex0, ex1) left out, from start. On
// success the state (mu, emb, grad, fish) is that of the minimum.
fn fit(npar: u32, start: array<f32, 6>, ex0: u32, ex1: u32, maxIt: u32) -> Fit {
  var out: Fit;
  out.ok = false;
  var nFit = 0u;
  var nonEmpty = 0u;
  var total = 0u;
  for (var b = 0u; b < cNb; b++) {
    if (excluded(b, ex0, ex1)) {
      continue;
    }
    nFit = nFit + 1u;
    total = total + nb[b];
    if (nb[b] > 0u) {
      nonEmpty = nonEmpty + 1u;
    }
  }
  if (total == 0u || nonEmpty < npar || nFit <= npar) {
    return out;
  }
  var d = start;
  for (var k = npar; k < 6u; k++) {
    d[k] = 0.0;
  }
  var cur = evaluate(d, ex0, ex1);
  if (!(abs(cur) < 3e38)) {
    return out;
  }
  var it = 0u;
  var lastEdm = 1e30;
  loop {
    var rhs: array<f32, 6>;
    for (var k = 0u; k < npar; k++) {
      rhs[k] = -grad[k];
    }
    let s = cholSolve(npar, rhs);
    if (!s.ok) {
      return out;
    }
    var edm = 0.0;
    for (var k = 0u; k < npar; k++) {
      edm = edm + 0.5 * rhs[k] * s.x[k];
    }
    if (edm < TOL || (edm < NOISE_EDM && lastEdm < NOISE_EDM)) {
      out.ok = true;
      out.d = d;
      return out;
    }
    if (it >= maxIt) {
      return out;
    }
    lastEdm = edm;
    var step = s.x;
    var accepted = false;
    for (var tries = 0u; tries < 16u; tries++) {
      var trial = d;
      for (var k = 0u; k < npar; k++) {
        trial[k] = d[k] + step[k];
      }
      let tv = evaluate(trial, ex0, ex1);
      if (tv <= cur) {
        d = trial;
        cur = tv;
        accepted = true;
        break;
      }
      for (var k = 0u; k < npar; k++) {
        step[k] = 0.5 * step[k];
      }
    }
    if (!accepted) {
      _ = evaluate(d, ex0, ex1);
      if (edm < NOISE_EDM) {
        out.ok = true;
        out.d = d;
      }
      return out;
    }
    it = it + 1u;
  }
}

struct Win {
  logP: f32,
  lo: u32,
  w: u32,
}

// A window's observed count and expectation, and D + ½ ln 2πn (the Stirling part of −ln P(X ≥ n) that
// both bounds share, D = bd0(n, β)); ok false when the window has no excess.
struct Sums {
  n: u32,
  b: f32,
  stirling: f32,
  ok: bool,
}

fn windowSums(l: u32, w: u32) -> Sums {
  var out: Sums;
  for (var i = l; i < l + w; i++) {
    out.n = out.n + nb[i];
    out.b = out.b + mu[i];
  }
  let a = f32(out.n);
  out.ok = a > out.b && out.b > 0.0;
  if (out.ok) {
    out.stirling = bd0(a, out.b, a - out.b) + 0.5 * log(TWO_PI * a);
  }
  return out;
}

// The most significant excess window against mu (maxscan.ts: smallest p, ties to the earliest in
// scan order), evaluating exactly only the windows whose Stirling bounds can reach the best.
fn scan() -> Win {
  var bestLower = 0.0;
  for (var w = WMIN; w <= cWmax; w++) {
    for (var l = 0u; l + w <= cNb; l++) {
      let s = windowSums(l, w);
      if (s.ok) {
        bestLower = max(bestLower, s.stirling + log(1.0 - s.b / (f32(s.n) + 1.0)));
      }
    }
  }
  var best = Win(0.0, 0u, WMIN);
  var bestT = 0.0;
  for (var w = WMIN; w <= cWmax; w++) {
    for (var l = 0u; l + w <= cNb; l++) {
      let s = windowSums(l, w);
      if (!s.ok) {
        continue;
      }
      let up = s.stirling + 1.0 / (12.0 * f32(s.n));
      if (up + 1e-3 + 1e-5 * up < bestLower) {
        continue;
      }
      let b = s.b;
      let n = s.n;
      let fb = floor(b);
      let t = -windowLogP(n, u32(fb), b - fb, 0u);
      if (t > bestT) {
        bestT = t;
        best = Win(-t, l, w);
      }
    }
  }
  return best;
}

// ln of the Poisson tail of bin b's count beyond its fit (search.ts binPull's p): excess above, deficit below.
fn pullLogP(b: u32) -> f32 {
  let m = mu[b];
  let a = f32(nb[b]);
  if (!(m > 0.0) || a == m) {
    return 0.0;
  }
  let fm = floor(m);
  return windowLogP(nb[b], u32(fm), m - fm, select(1u, 0u, a > m));
}

struct Search {
  ok: bool,
  d: array<f32, 6>,
  ex0: u32,
  ex1: u32,
  win: Win,
}

// search.ts searchPhase: fit, scan; while the window is significant exclude it, refit and rescan.
// isFit: start is already the converged fit of this order with [init0, init1) left out.
fn searchPhase(npar: u32, start: array<f32, 6>, isFit: bool, init0: u32, init1: u32) -> Search {
  var out: Search;
  out.ok = false;
  var d = start;
  if (isFit) {
    _ = evaluate(d, init0, init1);
  } else {
    let f = fit(npar, start, init0, init1, FIT_IT);
    if (!f.ok) {
      return out;
    }
    d = f.d;
  }
  var win = scan();
  var ex0 = init0;
  var ex1 = init1;
  for (var it = 0u; it < MAX_SEARCH; it++) {
    let wlo = win.lo;
    let whi = win.lo + win.w;
    let significant = win.logP < LOG_SEARCH_P;
    var n0 = ex0;
    var n1 = ex1;
    if (ex0 == ex1) {
      if (!significant) {
        break;
      }
      n0 = wlo;
      n1 = whi;
    } else if (significant && wlo <= ex1 && whi >= ex0 && (wlo < ex0 || whi > ex1)) {
      n0 = min(ex0, wlo);
      n1 = max(ex1, whi);
    } else if (significant && (whi < ex0 || wlo > ex1)) {
      break;
    } else {
      if (ex0 > 0u && f32(nb[ex0 - 1u]) > mu[ex0 - 1u] && pullLogP(ex0 - 1u) < LOG_EDGE) {
        n0 = ex0 - 1u;
      }
      if (ex1 < cNb && f32(nb[ex1]) > mu[ex1] && pullLogP(ex1) < LOG_EDGE) {
        n1 = ex1 + 1u;
      }
      if (n0 == ex0 && n1 == ex1) {
        break;
      }
    }
    if (n1 - n0 > cNb / 2u) {
      break;
    }
    let f = fit(npar, d, n0, n1, FIT_IT);
    if (!f.ok) {
      return out;
    }
    d = f.d;
    ex0 = n0;
    ex1 = n1;
    win = scan();
  }
  out.ok = true;
  out.d = d;
  out.ex0 = ex0;
  out.ex1 = ex1;
  out.win = win;
  return out;
}

struct Choice {
  ok: bool,
  d: array<f32, 6>,
  npar: u32,
}

// search.ts chooseOrder: the smallest order no larger one beats by Rao's score test.
// given: start is the converged MINP fit of these bins with [ex0, ex1) left out.
fn chooseOrder(ex0: u32, ex1: u32, start: array<f32, 6>, given: bool) -> Choice {
  var out: Choice;
  out.ok = false;
  var prev = start;
  for (var n = MINP; n <= MAXP; n++) {
    var d: array<f32, 6>;
    if (n == MINP && given) {
      d = start;
      _ = evaluate(d, ex0, ex1);
    } else {
      let f = fit(n, prev, ex0, ex1, ORDER_IT);
      if (!f.ok) {
        continue;
      }
      d = f.d;
    }
    prev = d;
    out.ok = true;
    out.d = d;
    out.npar = n;
    var beaten = false;
    for (var to = n + 1u; to <= MAXP; to++) {
      var g: array<f32, 6>;
      for (var k = 0u; k < to; k++) {
        g[k] = grad[k];
      }
      let s = cholSolve(to, g);
      if (!s.ok) {
        continue;
      }
      var st = 0.0;
      for (var k = 0u; k < to; k++) {
        st = st + g[k] * s.x[k];
      }
      if (max(0.0, st) > CRIT[to - n]) {
        beaten = true;
      }
    }
    if (!beaten) {
      return out;
    }
  }
  return out;
}

fn put(at: u32, t: f32, dev: f32, ndfNpar: u32, flags: u32) {
  outv[at] = bitcast<u32>(t);
  outv[at + 1u] = bitcast<u32>(dev);
  outv[at + 2u] = ndfNpar;
  outv[at + 3u] = flags;
}

// search.ts analyseSpectrum on the current cut's counts nb, then the gate's fixed parts (gatePasses),
// the deviance and t; written at outv[at].
fn analyseCut(at: u32) {
  let zero = array<f32, 6>(0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
  let probe = searchPhase(MINP, zero, false, 0u, 0u);
  var ex0 = 0u;
  var ex1 = 0u;
  var cstart = zero;
  if (probe.ok) {
    ex0 = probe.ex0;
    ex1 = probe.ex1;
    cstart = probe.d;
  }
  let choice = chooseOrder(ex0, ex1, cstart, probe.ok && ex0 == ex1);
  if (!choice.ok) {
    put(at, 0.0, 0.0, 0u, ${FLAG_FAILED}u);
    return;
  }
  var s: Search;
  if (choice.npar == MINP && probe.ok) {
    s = probe;
    _ = evaluate(s.d, s.ex0, s.ex1);
  } else {
    s = searchPhase(choice.npar, choice.d, true, ex0, ex1);
  }
  if (!s.ok) {
    put(at, 0.0, 0.0, 0u, ${FLAG_FAILED}u);
    return;
  }
  var flags = 0u;
  var dev = 0.0;
  var nFit = 0u;
  for (var b = 0u; b < cNb; b++) {
    if (excluded(b, s.ex0, s.ex1)) {
      continue;
    }
    nFit = nFit + 1u;
    if (pullLogP(b) < LOG_MAX_PULL) {
      flags = ${FLAG_VETO}u;
    }
    let nn = f32(nb[b]);
    if (nb[b] == 0u) {
      dev = dev + 2.0 * mu[b];
    } else {
      let diff = (tf(cBin0 + b * BIN_STRIDE) - nn) + tf(cBin0 + b * BIN_STRIDE) * emb[b];
      dev = dev + 2.0 * nn * hlog(diff / nn);
    }
  }
  for (var b = 0u; b + 1u < cNb; b++) {
    let da = mu[b] / tf(cBin0 + b * BIN_STRIDE + 1u);
    let db = mu[b + 1u] / tf(cBin0 + (b + 1u) * BIN_STRIDE + 1u);
    if (db > da * (1.0 + 1e-6)) {
      flags = ${FLAG_VETO}u;
    }
  }
  put(at, -s.win.logP, dev, (nFit - choice.npar) | (choice.npar << 16u), flags);
}

@compute @workgroup_size(${WORKGROUP})
fn nested(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= P.count) {
    return;
  }
  MINP = tab[0];
  MAXP = tab[1];
  WMIN = tab[2];
  NODES_AT = tab[3];
  LOG_SEARCH_P = tf(4u);
  LOG_EDGE = tf(5u);
  LOG_MAX_PULL = tf(6u);
  CRIT = array<f32, 4>(0.0, tf(7u), tf(8u), tf(9u));
  rkey = vec2<u32>(P.k0, P.k1);
  rtoy = P.first + i;
  rblock = 0u;
  rpos = 4u;
  for (var q = 0u; q < NC * NB; q++) {
    cnt[q] = 0u;
  }
  for (var s = 0u; s < P.nsamp; s++) {
    cnt[samp[s * ${SAMP_STRIDE}u]] = poisson(s);
  }
  for (var k = NC - 1u; k > 0u; k--) {
    for (var b = 0u; b < NB; b++) {
      cnt[(k - 1u) * NB + b] = cnt[(k - 1u) * NB + b] + cnt[k * NB + b];
    }
  }
  for (var k = 0u; k < NC; k++) {
    let co = HEADER + k * CUT_STRIDE;
    let at = (k * P.count + i) * ${OUT_STRIDE}u;
    if (tab[co + 4u] == 0u) {
      put(at, 0.0, 0.0, 0u, ${FLAG_SKIPPED}u);
      continue;
    }
    cNb = tab[co];
    cWmax = tab[co + 1u];
    cBin0 = tab[co + 2u];
    let bo = tab[co + 3u];
    for (var g = 0u; g < cNb; g++) {
      var s = 0u;
      for (var q = tab[bo + g]; q < tab[bo + g + 1u]; q++) {
        s = s + cnt[k * NB + q];
      }
      nb[g] = s;
    }
    analyseCut(at);
  }
}
`;
}
