import gammaln from "@stdlib/math-base-special-gammaln";

/**
 * WGSL source of the pseudo-experiment kernels, for histograms of `nbins` bins (the per-thread
 * prefix-sum array needs a constant size, so one module is generated per bin count).
 *
 * Entry points (workgroup size {@link WORKGROUP}, one thread per item, items [0, count)):
 * - `toys`: toy j = from + i draws Poisson counts for every bin with b > 0 from the Philox4x32-10
 *   stream (seed, j), scans every window and writes t = −ln p_min (f32) to outT[i];
 * - `scanHists`: the same scan on histogram i of `data` (nbins u32 counts each); writes t and the
 *   best window index (scan order, first maximum: the narrowest width, then the first position);
 * - `evalT`: t = −ln p of the (n, β) pair i of `data` (test support: accuracy against float64).
 *
 * Window p-value, in f32 and in log space (so that t stays finite where p underflows):
 * - excess p = P(n, β) when n > β > 0; deficit p = Q(n + 1, β) when n < β; else p = 1;
 * - n < 25, or far tails (β ≤ 0.6 n in excess, n ≤ 0.6 β in deficit): ln pmf(n; β) + ln of the
 *   Poisson tail series (terms ratio ≤ 0.6, or at most 25 terms), the pmf in Loader's form
 *   −bd0 − stirlerr − ½ ln 2πn (no cancellation of n ln β − β − ln n!);
 * - otherwise Temme's uniform asymptotic expansion (DLMF 8.12.3–8.12.4): with y² = bd0(a, x) = a η²/2,
 *   tail = e^{−y²}/√(2πa) · [√(2πa)/2 · erfcx(y) ± (c0(η) + c1(η)/a + c2(η)/a²)], the c_k as
 *   polynomials in η (coefficients of Boost.Math's 24-bit `igamma_temme_large`, |η| < 0.62 here),
 *   erfcx by Numerical Recipes' erfcc Chebyshev fit (relative error < 1.2e-7).
 * β and Poisson means arrive as integer part (u32) + fractional part (f32), so that n − β is exact
 * to f32 rounding of the fraction even for counts far above 2^24.
 */
export const WORKGROUP = 64;

/** Below this count the p-value is a direct series, above it Temme's expansion (near the centre). */
const A_TEMME = 25;

/** f32 words per sampled bin in the `samp` buffer, u32 words per window in `win`. */
export const SAMP_STRIDE = 12;
export const WIN_STRIDE = 4;

/** stirlerr(n) = ln n! − (n + ½) ln n + n − ½ ln 2π for n = 1…15 (float64, rounded to f32 by WGSL). */
function stirlerrTable(): string {
  const v = [0];
  for (let n = 1; n < 16; n++)
    v.push(gammaln(n + 1) - (n + 0.5) * Math.log(n) + n - 0.5 * Math.log(2 * Math.PI));
  return v.map((x) => x.toExponential(9)).join(", ");
}

/**
 * The WGSL both kernel modules share (this file's and nested-kernels.ts): Philox4x32-10 and the CPU's
 * uniforms, the Poisson window p-value in log space (`windowLogP`), and the Poisson sampler
 * `poisson(s)` over sampled bin s of a read-only storage binding named `samp` ({@link SAMP_STRIDE}
 * words per bin), which the including module declares.
 */
export function sharedWgsl(): string {
  return /* wgsl */ `
const A_TEMME: u32 = ${A_TEMME}u;
const LN_2PI: f32 = 1.8378770664093453;
const TWO_PI: f32 = 6.283185307179586;

var<private> STIRLERR: array<f32, 16> = array<f32, 16>(${stirlerrTable()});

// ---------------------------------------------------------------- Philox4x32-10 (Random123)
var<private> rkey: vec2<u32>;
var<private> rtoy: u32;
var<private> rblock: u32;
var<private> rbuf: vec4<u32>;
var<private> rpos: u32;

fn mulhi(a: u32, b: u32) -> u32 {
  let aL = a & 0xffffu;
  let aH = a >> 16u;
  let bL = b & 0xffffu;
  let bH = b >> 16u;
  let lh = aL * bH;
  let hl = aH * bL;
  let mid = ((aL * bL) >> 16u) + (lh & 0xffffu) + (hl & 0xffffu);
  return aH * bH + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox(ctr: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = ctr;
  var k = key;
  for (var r = 0u; r < 10u; r++) {
    if (r > 0u) {
      k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
    }
    let hi0 = mulhi(0xd2511f53u, c.x);
    let lo0 = 0xd2511f53u * c.x;
    let hi1 = mulhi(0xcd9e8d57u, c.z);
    let lo1 = 0xcd9e8d57u * c.z;
    c = vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
  }
  return c;
}

// The CPU ToyStream's uniforms, rounded to f32: block b of toy j = philox((b, j, 0, 0), seed),
// two uniforms per block, (w0 >> 5, w1 >> 6) as 53 bits; kept below 1.
fn uniform01() -> f32 {
  if (rpos >= 4u) {
    rbuf = philox(vec4<u32>(rblock, rtoy, 0u, 0u), rkey);
    rblock = rblock + 1u;
    rpos = 0u;
  }
  var w0 = rbuf.x;
  var w1 = rbuf.y;
  if (rpos == 2u) {
    w0 = rbuf.z;
    w1 = rbuf.w;
  }
  rpos = rpos + 2u;
  let u = f32(w0 >> 5u) * 7.450580596923828e-9 + f32(w1 >> 6u) * 1.1102230246251565e-16;
  return min(u, 0.99999994);
}

// ---------------------------------------------------------------- Poisson tails in log space
// bd0(a, x) = a ln(a/x) + x - a >= 0 (Loader 2000), d = a - x given accurately: Loader's series
// in v = d / (a + x) while |v| < 1/2 (a/x in (1/3, 3)), where the direct form loses digits.
fn bd0(a: f32, x: f32, d: f32) -> f32 {
  let s0 = a + x;
  if (abs(d) < 0.5 * s0) {
    let v = d / s0;
    let v2 = v * v;
    var s = d * v;
    var ej = 2.0 * a * v;
    for (var j = 1u; j < 30u; j++) {
      ej = ej * v2;
      let term = ej / f32(2u * j + 1u);
      s = s + term;
      if (abs(term) <= s * 1e-8) {
        break;
      }
    }
    return s;
  }
  return a * log(a / x) - d;
}

fn stirlerr(n: u32) -> f32 {
  if (n < 16u) {
    return STIRLERR[n];
  }
  let a = f32(n);
  let r = 1.0 / (a * a);
  return (0.083333333 - r * (0.0027777778 - r * (0.00079365079 - r * 0.00059523810))) / a;
}

// ln pmf(n; x) = n ln x - x - ln n!, with d = n - x.
fn logpmf(n: u32, x: f32, d: f32) -> f32 {
  if (n == 0u) {
    return -x;
  }
  let a = f32(n);
  return -bd0(a, x, d) - stirlerr(n) - 0.5 * (LN_2PI + log(a));
}

// exp(z^2) erfc(z), z >= 0 (Numerical Recipes erfcc, fractional error < 1.2e-7).
fn erfcx(z: f32) -> f32 {
  let t = 1.0 / (1.0 + 0.5 * z);
  return t * exp(-1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}

// Temme: ln P(a, x) when x < a (d = a - x > 0), ln Q(a, x) when x > a.
fn temme(a: f32, x: f32, d: f32) -> f32 {
  let y2 = bd0(a, x, d);
  var eta = sqrt(2.0 * y2 / a);
  if (d > 0.0) {
    eta = -eta;
  }
  let c0 = -0.33333333 + eta * (0.083333333 + eta * (-0.014814815 + eta * (0.0011574074
    + eta * (0.00035273369 + eta * (-0.00017875514 + eta * 0.000039192632)))));
  let c1 = -0.0018518519 + eta * (-0.0034722222 + eta * (0.0026455026 + eta * (-0.00099022634
    + eta * 0.00020576132)));
  let c2 = 0.0041335979 + eta * (-0.0026813272 + eta * 0.00077160494);
  let corr = c0 + (c1 + c2 / a) / a;
  let sig = select(1.0, -1.0, d > 0.0);
  let bracket = 0.5 * sqrt(TWO_PI * a) * erfcx(sqrt(y2)) + sig * corr;
  return -y2 - 0.5 * (LN_2PI + log(a)) + log(bracket);
}

// ln p of one window: n observed, beta = bInt + bFrac expected; mode 0 excess, 1 deficit.
fn windowLogP(n: u32, bInt: u32, bFrac: f32, mode: u32) -> f32 {
  let x = f32(bInt) + bFrac;
  if (mode == 0u) {
    if (n <= bInt || x <= 0.0) {
      return 0.0;
    }
    let a = f32(n);
    let d = f32(n - bInt) - bFrac;
    if (n < A_TEMME || x <= 0.6 * a) {
      // P(n, x) = pmf(n) * sum_j prod_{i<=j} x / (n + i)
      var term = 1.0;
      var sum = 1.0;
      for (var i = 1u; i < 1000u; i++) {
        term = term * x / (a + f32(i));
        sum = sum + term;
        if (term < sum * 3e-8) {
          break;
        }
      }
      return logpmf(n, x, d) + log(sum);
    }
    return temme(a, x, d);
  }
  if (!(n < bInt || (n == bInt && bFrac > 0.0))) {
    return 0.0;
  }
  let dn = f32(i32(n) - i32(bInt)) - bFrac;
  if (n < A_TEMME || f32(n) <= 0.6 * x) {
    // Q(n + 1, x) = pmf(n) * sum_j prod_{i<j} (n - i) / x
    var term = 1.0;
    var sum = 1.0;
    for (var i = 0u; i < n; i++) {
      term = term * f32(n - i) / x;
      sum = sum + term;
      if (term < sum * 3e-8) {
        break;
      }
    }
    return logpmf(n, x, dn) + log(sum);
  }
  let a = f32(n + 1u);
  let da = f32(i32(n + 1u) - i32(bInt)) - bFrac;
  let lp = temme(a, x, da);
  if (da < 0.0) {
    return lp;
  }
  return log(1.0 - exp(lp));
}

// ---------------------------------------------------------------- sampling and scan
fn sampF(i: u32) -> f32 {
  return bitcast<f32>(samp[i]);
}

// Poisson(lam) for sampled bin s, as the CPU PoissonSampler: inversion below 10, PTRS above.
fn poisson(s: u32) -> u32 {
  let o = s * ${SAMP_STRIDE}u;
  let lam = sampF(o + 3u);
  if (lam < 10.0) {
    let u = uniform01();
    var k = 0u;
    var p = sampF(o + 4u);
    var cdf = p;
    // Stop also where the f32 cdf stops growing: for u within ~1e-7 of 1 the CPU's double cdf
    // goes on, and the f32 one would run to the cap (k = 200).
    loop {
      if (!(u > cdf) || k >= 200u || p < cdf * 3e-8) {
        break;
      }
      k = k + 1u;
      p = p * lam / f32(k);
      cdf = cdf + p;
    }
    return k;
  }
  let lamInt = samp[o + 1u];
  let lamFrac = sampF(o + 2u);
  let a = sampF(o + 5u);
  let b = sampF(o + 6u);
  let lia = sampF(o + 7u);
  let vr = sampF(o + 8u);
  for (var it = 0u; it < 10000u; it++) {
    let u = uniform01() - 0.5;
    let v = uniform01();
    let us = 0.5 - abs(u);
    if (us <= 0.0) {
      continue;
    }
    let kf = floor((2.0 * a / us + b) * u + lam + 0.43);
    if (us >= 0.07 && v <= vr) {
      return u32(kf);
    }
    if (kf < 0.0 || (us < 0.013 && v > us)) {
      continue;
    }
    let k = u32(kf);
    let d = f32(i32(k) - i32(lamInt)) - lamFrac;
    if (log(v) + lia - log(a / (us * us) + b) <= logpmf(k, lam, d)) {
      return k;
    }
  }
  return lamInt;
}

`;
}

export function kernelSource(nbins: number): string {
  if (!Number.isInteger(nbins) || nbins < 1) throw new RangeError(`nbins must be ≥ 1, got ${nbins}`);
  return /* wgsl */ `
const NBINS: u32 = ${nbins}u;

struct Params {
  first: u32,  // first toy index (toys) or 0
  count: u32,  // items in this dispatch
  k0: u32,     // Philox key = 64-bit seed
  k1: u32,
  nwin: u32,
  nsamp: u32,  // bins with b > 0
  mode: u32,   // 0 excess, 1 deficit
  pad: u32,
}

@group(0) @binding(0) var<uniform> P: Params;
// per window: lo, width, floor(beta), bitcast(beta - floor(beta))
@group(0) @binding(1) var<storage, read> win: array<u32>;
// per sampled bin (${SAMP_STRIDE} words): bin, floor(lam), then f32 bits of frac(lam), lam, exp(-lam), a, b,
// ln(1/alpha), vr (integers stay u32: small integers read as f32 would be subnormals)
@group(0) @binding(2) var<storage, read> samp: array<u32>;
@group(0) @binding(3) var<storage, read_write> outT: array<f32>;
@group(0) @binding(4) var<storage, read_write> outW: array<u32>;
@group(0) @binding(5) var<storage, read> data: array<u32>;

${sharedWgsl()}
struct Best {
  t: f32,
  w: u32,
}

// Every window of the prefix sums: the largest t and the index of its first window.
fn scanPrefix(prefix: ptr<function, array<u32, ${nbins + 1}>>) -> Best {
  var best = 0.0;
  var bestW = 0u;
  for (var w = 0u; w < P.nwin; w++) {
    let o = w * ${WIN_STRIDE}u;
    let lo = win[o];
    let n = (*prefix)[lo + win[o + 1u]] - (*prefix)[lo];
    let t = -windowLogP(n, win[o + 2u], bitcast<f32>(win[o + 3u]), P.mode);
    if (t > best) {
      best = t;
      bestW = w;
    }
  }
  return Best(best, bestW);
}

@compute @workgroup_size(${WORKGROUP})
fn toys(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= P.count) {
    return;
  }
  rkey = vec2<u32>(P.k0, P.k1);
  rtoy = P.first + i;
  rblock = 0u;
  rpos = 4u;
  var prefix: array<u32, ${nbins + 1}>;
  for (var s = 0u; s < P.nsamp; s++) {
    let bin = samp[s * ${SAMP_STRIDE}u];
    prefix[bin + 1u] = poisson(s);
  }
  for (var k = 1u; k <= NBINS; k++) {
    prefix[k] = prefix[k] + prefix[k - 1u];
  }
  outT[i] = scanPrefix(&prefix).t;
}

@compute @workgroup_size(${WORKGROUP})
fn scanHists(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= P.count) {
    return;
  }
  var prefix: array<u32, ${nbins + 1}>;
  for (var k = 0u; k < NBINS; k++) {
    prefix[k + 1u] = prefix[k] + data[i * NBINS + k];
  }
  let r = scanPrefix(&prefix);
  outT[i] = r.t;
  outW[i] = r.w;
}

@compute @workgroup_size(${WORKGROUP})
fn evalT(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= P.count) {
    return;
  }
  outT[i] = -windowLogP(data[3u * i], data[3u * i + 1u], bitcast<f32>(data[3u * i + 2u]), P.mode);
}
`;
}
