import type { SystemMotion } from "./event";
import { boostSystem, leadingPt, mergeInto, sampleRecoil, TRIGGER_PT } from "./event";
import { boostFromRest, decayAtRest, E, JET_STRIDE, M, PX, PY, PZ, TAU21, TAU32 } from "./kinematics";
import type { QcdJetParams } from "./qcd";
import { clipUnit, qcdJet } from "./qcd";
import type { ChunkStream } from "./rng";

/** Reconstructed resonance mass: Gaussian core plus a low-side (FSR, out-of-cone) exponential tail. */
export interface LineShape {
  shift: number;
  sigma: number;
  tailFraction: number;
  tailScale: number;
}

/** Reconstructed mass of a 2- or 3-prong jet from a particle of mass mD. */
export interface ProngJetParams {
  shift: number;
  sigma: number;
  /**
   * A prong falls outside the R = 1 jet with probability lostPerDR2·ΔR², ΔR ≈ 2mD/pT the prongs'
   * opening: then the mass is uniform in [0.2, 0.8]·mD and the τ's QCD-like.
   */
  lostPerDR2: number;
  /**
   * Extra (UE/ISR/soft FSR) mass added in quadrature, exponential in m/pT with this mean; with
   * probability hardFraction a hard FSR gluon inside the cone gives mean hardExtraPerPt instead
   * (the long upper tail of the jet mass).
   */
  extraPerPt: number;
  hardFraction: number;
  hardExtraPerPt: number;
  /** 2-prong: τ21 = tau21A − tau21B·ln(m/pT) + tau21Sigma·Z; τ32 QCD-like. */
  tau21A: number;
  tau21B: number;
  tau21Sigma: number;
  /** 3-prong: τ32 = tau32Prong + tau32Sigma·Z, τ21 = tau21ThreeProng + tau21Sigma·Z. */
  tau32Prong: number;
  tau32Sigma: number;
  tau21ThreeProng: number;
}

export interface ResonanceParams {
  line: LineShape;
  /** Smearing of the intermediate R mass in the cascade mode (relative σ). */
  cascadeSigma: number;
  prongJet: ProngJetParams;
  gluonJet: QcdJetParams;
  motion: SystemMotion;
}

export function lineShape(s: ChunkStream, mass: number, l: LineShape): number {
  const core = mass * (1 + l.shift + l.sigma * s.normal());
  return s.uniform() < l.tailFraction ? core - mass * l.tailScale * s.exponential() : core;
}

/** cosθ* from 1 − cos²θ* (spin-1 resonance to two scalars or quarks in the s-channel, roughly). */
function centralCos(s: ChunkStream): number {
  for (;;) {
    const c = 2 * s.uniform() - 1;
    if (s.uniform() < 1 - c * c) return c;
  }
}

function prongJet(
  s: ChunkStream,
  jets: Float64Array,
  o: number,
  mD: number,
  ptScale: number,
  prongs: 2 | 3,
  p: ProngJetParams,
  qcd: QcdJetParams,
): void {
  const dr = (2 * mD) / ptScale;
  if (s.uniform() < p.lostPerDR2 * dr * dr) {
    qcdJet(s, jets, o, ptScale, qcd);
    jets[o + M] = mD * (0.2 + 0.6 * s.uniform());
    return;
  }
  const core = Math.max(1, mD * (1 + p.shift + p.sigma * s.normal()));
  const extra = ptScale * (s.uniform() < p.hardFraction ? p.hardExtraPerPt : p.extraPerPt) * s.exponential();
  const m = Math.sqrt(core * core + extra * extra);
  jets[o + M] = m;
  if (prongs === 2) {
    jets[o + TAU21] = clipUnit(p.tau21A - p.tau21B * Math.log(m / ptScale) + p.tau21Sigma * s.normal());
    jets[o + TAU32] = clipUnit(qcd.tau32Mean + qcd.tau32Sigma * s.normal());
  } else {
    jets[o + TAU21] = clipUnit(p.tau21ThreeProng + p.tau21Sigma * s.normal());
    jets[o + TAU32] = clipUnit(p.tau32Prong + p.tau32Sigma * s.normal());
  }
}

/** W' → X Y, X, Y → qq (or qqq): two boosted multi-prong jets; returns the number of jets (2). */
export function sampleResonanceXY(
  s: ChunkStream,
  jets: Float64Array,
  mass: number,
  mX: number,
  mY: number,
  prongs: 2 | 3,
  p: ResonanceParams,
): number {
  const mjj = lineShape(s, mass, p.line);
  const cosT = centralCos(s);
  const ptScale = 0.5 * mjj * Math.sqrt(1 - cosT * cosT);
  prongJet(s, jets, 0, mX, ptScale, prongs, p.prongJet, p.gluonJet);
  prongJet(s, jets, JET_STRIDE, mY, ptScale, prongs, p.prongJet, p.gluonJet);
  const m1 = jets[M] as number;
  const m2 = jets[JET_STRIDE + M] as number;
  // A reconstructed mjj below the jet masses is kinematically closed: keep the jets, lift mjj.
  const sys = Math.max(mjj, 1.05 * (m1 + m2));
  decayAtRest(jets, 0, JET_STRIDE, sys, m1, m2, cosT, 2 * Math.PI * s.uniform());
  boostSystem(s, jets, 2, sys, sampleRecoil(s, p.motion), p.motion);
  return leadingPt(jets, 2) > TRIGGER_PT ? 2 : 0;
}

/** Plain dijet resonance: two gluon-like jets without substructure. */
export function sampleResonanceDijet(
  s: ChunkStream,
  jets: Float64Array,
  mass: number,
  p: ResonanceParams,
): number {
  const mjj = lineShape(s, mass, p.line);
  const cosT = centralCos(s);
  const ptScale = 0.5 * mjj * Math.sqrt(1 - cosT * cosT);
  qcdJet(s, jets, 0, ptScale, p.gluonJet);
  qcdJet(s, jets, JET_STRIDE, ptScale, p.gluonJet);
  const m1 = jets[M] as number;
  const m2 = jets[JET_STRIDE + M] as number;
  decayAtRest(jets, 0, JET_STRIDE, mjj, m1, m2, cosT, 2 * Math.PI * s.uniform());
  boostSystem(s, jets, 2, mjj, sampleRecoil(s, p.motion), p.motion);
  return leadingPt(jets, 2) > TRIGGER_PT ? 2 : 0;
}

/**
 * Cascade X → g R, R → g g (LHCO Black Box 3): jets 0 = g, 1 and 2 = R's gluons, decayed in R's
 * rest frame, boosted into X's, then into the lab. The two gluons merge into one jet when
 * ΔR < 1 (anti-kT R = 1.0); the two leading jets are the event's jets.
 */
export function sampleCascade(
  s: ChunkStream,
  jets: Float64Array,
  mass: number,
  mR: number,
  p: ResonanceParams,
): number {
  const mX = lineShape(s, mass, p.line);
  const r = Math.min(mR * (1 + p.cascadeSigma * s.normal()), 0.9 * mX);
  const o1 = JET_STRIDE;
  const o2 = 2 * JET_STRIDE;
  const cosT = centralCos(s);
  const pScale = (0.5 * (mX * mX - r * r)) / mX;
  qcdJet(s, jets, 0, pScale, p.gluonJet);
  qcdJet(s, jets, o1, 0.25 * r, p.gluonJet);
  qcdJet(s, jets, o2, 0.25 * r, p.gluonJet);
  // R's gluons decay isotropically in R's rest frame (scratch slots 1, 2), then ride R's boost.
  const cR = 2 * s.uniform() - 1;
  decayAtRest(jets, o1, o2, r, jets[o1 + M] as number, jets[o2 + M] as number, cR, 2 * Math.PI * s.uniform());
  const mg = Math.min(jets[M] as number, 0.5 * (mX - r));
  const phi = 2 * Math.PI * s.uniform();
  decayAtRest(jets, 0, 3 * JET_STRIDE, mX, mg, r, cosT, phi);
  const rOff = 3 * JET_STRIDE;
  const be = jets[rOff + E] as number;
  const bx = jets[rOff + PX] as number;
  const by = jets[rOff + PY] as number;
  const bz = jets[rOff + PZ] as number;
  boostFromRest(jets, o1, r, be, bx, by, bz);
  boostFromRest(jets, o2, r, be, bx, by, bz);
  boostSystem(s, jets, 3, mX, sampleRecoil(s, p.motion), p.motion);
  if (leadingPt(jets, 3) <= TRIGGER_PT) return 0;
  if (deltaR(jets, o1, o2) < 1) {
    mergeInto(jets, o1, o2);
    jets[o1 + TAU21] = clipUnit(0.3 + 0.1 * s.normal());
    return 2;
  }
  return 3;
}

function deltaR(jets: Float64Array, a: number, b: number): number {
  const ptA = Math.hypot(jets[a + PX] as number, jets[a + PY] as number);
  const ptB = Math.hypot(jets[b + PX] as number, jets[b + PY] as number);
  const dEta = Math.asinh((jets[a + PZ] as number) / ptA) - Math.asinh((jets[b + PZ] as number) / ptB);
  let dPhi = Math.abs(
    Math.atan2(jets[a + PY] as number, jets[a + PX] as number) -
      Math.atan2(jets[b + PY] as number, jets[b + PX] as number),
  );
  if (dPhi > Math.PI) dPhi = 2 * Math.PI - dPhi;
  return Math.hypot(dEta, dPhi);
}
