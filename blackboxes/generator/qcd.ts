import type { SystemMotion } from "./event";
import { boostSystem, leadingPt, sampleRecoil, TRIGGER_PT } from "./event";
import { decayAtRest, JET_STRIDE, M, TAU21, TAU32 } from "./kinematics";
import type { ChunkStream } from "./rng";
import { SQRT_S_GEV } from "@/core/events";

export const SQRT_S = SQRT_S_GEV;

/** Parameters of the QCD dijet background (tuned values in params.ts). */
export interface QcdParams {
  /**
   * Parton-level mjj density: the standard dijet function (1 − x)^p1 x^−(p2 + p3 ln x), x = m/√s,
   * on 0 < x < 1; p1, p3 ≥ 0 (both steepen it with mass; sampleQcd needs ln f concave in ln x).
   * p1 > 0 takes it smoothly to zero at the kinematic limit x → 1 (the density, and the spectrum a
   * bump hunter fits, has no edge). The LHCO percentiles (2.4–4.4 TeV) want a nearly straight power
   * law there, so tune.ts gives p1 ≈ 1.7 (p1 ≥ 3 pulls the mjj median below −5%), not the CMS 13
   * TeV fit's 8 (|Δη| < 1.3, a different selection); p3 ≈ 0 as in the CMS fit.
   */
  p1: number;
  p2: number;
  p3: number;
  /** χ = exp|Δy*| uniform on [1, chiMax] (the flat Rutherford-like QCD angular distribution). */
  chiMax: number;
  /** Out-of-cone / FSR loss: each jet's 4-vector is scaled by exp(−responseLoss·Exp(1)) ≤ 1. */
  responseLoss: number;
  motion: SystemMotion;
  jet: QcdJetParams;
}

/** Jet mass and N-subjettiness of a QCD (quark/gluon) jet. */
export interface QcdJetParams {
  /**
   * ln(m/pT) is a split normal: mode massMu, σ below massSigmaLow, above massSigmaHigh, for quark
   * jets; a jet is a gluon jet with probability gluonFraction, its mode higher by gluonShift
   * (Casimir ratio C_A/C_F: more radiation, heavier). Independent flavours make the two jets of an
   * event less alike than one shared distribution would.
   */
  massMu: number;
  massSigmaLow: number;
  massSigmaHigh: number;
  gluonFraction: number;
  gluonShift: number;
  /**
   * Soft endpoint of ρ = m/pT: ρ → ρ/√(1 + (ρ/rhoMax)²). A jet of radius R is at most as heavy as
   * two hard prongs at its edge (ρ ≈ R/2), so the upper tail is compressed rather than cut.
   */
  rhoMax: number;
  /** τ21 = tau21Mean + tau21Slope·(ln(m/pT) − massMu) + tau21Sigma·Z, clipped to (0, 1). */
  tau21Mean: number;
  tau21Slope: number;
  tau21Sigma: number;
  tau32Mean: number;
  tau32Slope: number;
  tau32Sigma: number;
}

/** Sample a QCD jet's mass at offset o; returns its ln(m/pT) deviation d for qcdTaus. */
export function qcdMass(
  s: ChunkStream,
  jets: Float64Array,
  o: number,
  ptScale: number,
  p: QcdJetParams,
): number {
  const z = s.normal();
  let d = z * (z < 0 ? p.massSigmaLow : p.massSigmaHigh);
  if (s.uniform() < p.gluonFraction) d += p.gluonShift;
  const rho = Math.exp(p.massMu + d);
  const r = rho / p.rhoMax;
  jets[o + M] = (ptScale * rho) / Math.sqrt(1 + r * r);
  return d;
}

export function qcdTaus(s: ChunkStream, jets: Float64Array, o: number, d: number, p: QcdJetParams): void {
  jets[o + TAU21] = clipUnit(p.tau21Mean + p.tau21Slope * d + p.tau21Sigma * s.normal());
  jets[o + TAU32] = clipUnit(p.tau32Mean + p.tau32Slope * d + p.tau32Sigma * s.normal());
}

/** A complete QCD jet (mass and τ's) at offset o. */
export function qcdJet(
  s: ChunkStream,
  jets: Float64Array,
  o: number,
  ptScale: number,
  p: QcdJetParams,
): void {
  qcdTaus(s, jets, o, qcdMass(s, jets, o, ptScale, p), p);
}

export function clipUnit(x: number): number {
  return x < 0.01 ? 0.01 : x > 0.99 ? 0.99 : x;
}

/**
 * One QCD dijet candidate into jets[0..1]; returns 2, or 0 when it fails the trigger.
 * Target density: the dijet function f(x) in the parton-level mass × flat χ × recoil. Because a
 * jet's pT grows by at most ~1.1× the recoil pT under the system boost, candidates with
 * (m/2) sinθ* < TRIGGER_PT − 1.2·recoil can never pass, so they are not proposed: the mass comes from
 * the power law m^−(a+1) tangent to f at X_STAR (a + 1 = f's log-slope there) truncated at that
 * bound, χ with weight sin^aθ* (the power law's mass above the bound; sampleCosTheta), and the
 * candidate is kept with f / tangent ≤ 1 (ln f is concave in ln x), ≈ 1 in the bulk. The proposal's
 * mass above the bound also scales as ptMin^a, so the recoil density is effectively tilted by
 * (1 − 1.2·recoil/TRIGGER_PT)^a (absorbed in the tuned recoilMean). The response loss only lowers
 * pT, so the bound still holds. mjj is then recomputed from the scaled jets. τ's are drawn only for
 * events that pass.
 */
export function sampleQcd(s: ChunkStream, jets: Float64Array, p: QcdParams): number {
  const recoil = sampleRecoil(s, p.motion);
  const ptMin = TRIGGER_PT - 1.2 * recoil;
  // f's log-slope at X_STAR: −d ln f / d ln x = p2 + 2 p3 ln x* + p1 x*/(1 − x*).
  const c1 = X_STAR / (1 - X_STAR);
  const a = p.p2 + 2 * p.p3 * LN_X_STAR + p.p1 * c1 - 1;
  const cosAbs = sampleCosTheta(s, 0.5 * a, p.chiMax);
  const sinT = Math.sqrt(1 - cosAbs * cosAbs);
  // dt = ln(m / m*), m Pareto above massLow = 2 ptMin / sinθ*. A rejected mass restarts the whole
  // candidate (returning 0), so the χ weights stay exact.
  const dt = Math.log((2 * ptMin) / (sinT * M_STAR)) + s.exponential() / a;
  const mass = M_STAR * Math.exp(dt);
  // The kinematic limit; f itself vanishes there for p1 > 0, so this cut takes nothing away.
  if (mass >= SQRT_S) return 0;
  // ln(f / tangent) = p1 (ln((1 − x)/(1 − x*)) + c1·dt) − p3 dt² ≤ 0 on all of 0 < x < 1, since
  // ln(1 − x) is concave in ln x (≡ 0 for a pure power law). Squeeze: ln(1 + z) ≥ z/(1 + z) and
  // e^y ≥ 1 + y, so u < 1 + (that lower bound) accepts without a log or exp.
  if (p.p1 !== 0 || p.p3 !== 0) {
    const x = mass / SQRT_S;
    const u = s.uniform();
    const q = p.p3 * dt * dt;
    if (u >= 1 + p.p1 * ((X_STAR - x) / (1 - x) + c1 * dt) - q) {
      if (u >= Math.exp(p.p1 * (Math.log((1 - x) / (1 - X_STAR)) + c1 * dt) - q)) return 0;
    }
  }
  const cosT = s.uniform() < 0.5 ? cosAbs : -cosAbs;
  const ptScale = 0.5 * mass * sinT;
  const d1 = qcdMass(s, jets, 0, ptScale, p.jet);
  const d2 = qcdMass(s, jets, JET_STRIDE, ptScale, p.jet);
  decayAtRest(
    jets,
    0,
    JET_STRIDE,
    mass,
    jets[M] as number,
    jets[JET_STRIDE + M] as number,
    cosT,
    2 * Math.PI * s.uniform(),
  );
  boostSystem(s, jets, 2, mass, recoil, p.motion);
  // exp(−responseLoss·Exp(1)) = U^responseLoss
  scaleJet(jets, 0, s.uniform() ** p.responseLoss);
  scaleJet(jets, JET_STRIDE, s.uniform() ** p.responseLoss);
  if (leadingPt(jets, 2) <= TRIGGER_PT) return 0;
  qcdTaus(s, jets, 0, d1, p.jet);
  qcdTaus(s, jets, JET_STRIDE, d2, p.jet);
  return 2;
}

/** Tangent point of the mass proposal (m* = 2.6 TeV, the bulk of triggered events): efficiency only. */
const M_STAR = 2600;
const X_STAR = M_STAR / SQRT_S;
const LN_X_STAR = Math.log(X_STAR);

/**
 * |cosθ*| of a χ = exp|Δy*| drawn flat on [1, chiMax] and weighted by sin^(2b)θ*. With u = |cosθ*|,
 * χ = (1+u)/(1−u), so the density in u is (1+u)^b (1−u)^(b−2) on [0, (chiMax−1)/(chiMax+1)]:
 * bounded and smooth, so a flat proposal in u accepts ~70% (the old loop over χ accepted ~12%).
 * The log-density is concave for b ≥ 2 (maximum at u = 1/(b−1)) and increasing for b < 2.
 */
export function sampleCosTheta(s: ChunkStream, b: number, chiMax: number): number {
  const uMax = (chiMax - 1) / (chiMax + 1);
  const c = b - 2;
  const uPeak = c >= 0 && b > 1 ? Math.min(uMax, 1 / (b - 1)) : uMax;
  const logMax = b * Math.log1p(uPeak) + c * Math.log1p(-uPeak);
  for (;;) {
    const u = uMax * s.uniform();
    if (Math.log(s.uniform()) < b * Math.log1p(u) + c * Math.log1p(-u) - logMax) return u;
  }
}

function scaleJet(jets: Float64Array, o: number, r: number): void {
  for (let k = 0; k < 5; k++) jets[o + k] = (jets[o + k] as number) * r;
}
