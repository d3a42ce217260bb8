import type { SystemMotion } from "./event";
import { boostSystem, leadingPt, RECOIL_CAP, sampleRecoil, TRIGGER_PT } from "./event";
import { decayAtRest, JET_STRIDE, M, TAU21, TAU32 } from "./kinematics";
import type { ChunkStream } from "./rng";

export const SQRT_S = 13_000;

/** Parameters of the QCD dijet background (tuned values in params.ts). */
export interface QcdParams {
  /** Parton-level mjj density (1 − x)^p1 / x^p2, x = m/√s, below √s/2. */
  p1: number;
  p2: number;
  /** χ = exp|Δy*| uniform on [1, chiMax] (the flat Rutherford-like QCD angular distribution). */
  chiMax: number;
  /** Out-of-cone / FSR loss: each jet's 4-vector is scaled by exp(−responseLoss·Exp(1)) ≤ 1. */
  responseLoss: number;
  motion: SystemMotion;
  jet: QcdJetParams;
}

/** Jet mass and N-subjettiness of a QCD (quark/gluon) jet. */
export interface QcdJetParams {
  /** ln(m/pT) is a split normal: mode massMu, σ below massSigmaLow, above massSigmaHigh. */
  massMu: number;
  massSigmaLow: number;
  massSigmaHigh: number;
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
  const d = z * (z < 0 ? p.massSigmaLow : p.massSigmaHigh);
  jets[o + M] = ptScale * Math.min(0.6, Math.exp(p.massMu + d));
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
 * Target density: (1 − x)^p1 x^−p2 in the parton-level mass × flat χ × recoil. Because a jet's pT
 * grows by at most ~1.1× the recoil pT under the system boost, candidates with
 * (m/2) sinθ* < TRIGGER_PT − 1.2·recoil can never pass, so they are not proposed: χ is drawn with
 * weight sin^(p2−1)θ* (the power law's mass above that bound; sampleCosTheta), m from the truncated
 * power law and the candidate kept with the (1 − x)^p1 factor. Exact for the target, ~3× fewer attempts.
 * The response loss only lowers pT, so the bound still holds. mjj is then recomputed from the
 * scaled jets. τ's are drawn only for events that pass.
 */
export function sampleQcd(s: ChunkStream, jets: Float64Array, p: QcdParams): number {
  const recoil = sampleRecoil(s, p.motion);
  const ptMin = TRIGGER_PT - 1.2 * recoil;
  const a = p.p2 - 1;
  const cosAbs = sampleCosTheta(s, 0.5 * a, p.chiMax);
  const sinT = Math.sqrt(1 - cosAbs * cosAbs);
  const massLow = (2 * ptMin) / sinT;
  // A rejected mass restarts the whole candidate (returning 0), so the χ weights stay exact.
  const mass = massLow * s.uniform() ** (-1 / a);
  if (mass >= SQRT_S / 2 || s.uniform() >= ((1 - mass / SQRT_S) / ONE_MINUS_X_LO) ** p.p1) return 0;
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
  scaleJet(jets, 0, Math.exp(-p.responseLoss * s.exponential()));
  scaleJet(jets, JET_STRIDE, Math.exp(-p.responseLoss * s.exponential()));
  if (leadingPt(jets, 2) <= TRIGGER_PT) return 0;
  qcdTaus(s, jets, 0, d1, p.jet);
  qcdTaus(s, jets, JET_STRIDE, d2, p.jet);
  return 2;
}

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

/** 1 − x at the lowest mass ever proposed (recoil at its cap): keeps the acceptance ≤ 1. */
const ONE_MINUS_X_LO = 1 - (2 * (TRIGGER_PT - 1.2 * RECOIL_CAP)) / SQRT_S;

function scaleJet(jets: Float64Array, o: number, r: number): void {
  for (let k = 0; k < 5; k++) jets[o + k] = (jets[o + k] as number) * r;
}
