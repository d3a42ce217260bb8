import { boostFromRest, E, JET_STRIDE, jetPt, M, PX, PY, PZ, pairMass, TAU21, TAU32 } from "./kinematics";
import type { ChunkStream } from "./rng";

/** Trigger of the LHC Olympics 2020 samples: the leading jet has pT above 1.2 TeV. */
export const TRIGGER_PT = 1200;

/** How the dijet (or trijet) system moves in the lab: ISR recoil and longitudinal boost. */
export interface SystemMotion {
  /** Mean system pT (GeV); Gamma(2) shape (zero at pT = 0, exponential tail), cut at RECOIL_CAP. */
  recoilMean: number;
  /** σ of the Gaussian rapidity of the system. */
  rapiditySigma: number;
}

export const RECOIL_CAP = 400;

export function sampleRecoil(s: ChunkStream, motion: SystemMotion): number {
  // Gamma(2) = Exp + Exp = −ln(U1·U2): one log
  return Math.min(RECOIL_CAP, -0.5 * motion.recoilMean * Math.log(s.uniform() * s.uniform()));
}

/**
 * Boost nJets jets given in the rest frame of a system of mass `mass` into the lab, with transverse
 * momentum `pt` (random direction) and a rapidity drawn from `motion`. Lorentz boosts keep every
 * invariant mass, so mjj (and each jet mass) is exactly what the generator chose.
 */
export function boostSystem(
  s: ChunkStream,
  jets: Float64Array,
  nJets: number,
  mass: number,
  pt: number,
  motion: SystemMotion,
): void {
  const phi = 2 * Math.PI * s.uniform();
  const y = motion.rapiditySigma * s.normal();
  const mt = Math.sqrt(mass * mass + pt * pt);
  // cosh and sinh from one exp
  const ey = Math.exp(y);
  const be = 0.5 * mt * (ey + 1 / ey);
  const bz = 0.5 * mt * (ey - 1 / ey);
  const bx = pt * Math.cos(phi);
  const by = pt * Math.sin(phi);
  for (let j = 0; j < nJets; j++) boostFromRest(jets, j * JET_STRIDE, mass, be, bx, by, bz);
}

/** Largest jet pT among the first nJets. */
export function leadingPt(jets: Float64Array, nJets: number): number {
  let best = 0;
  for (let j = 0; j < nJets; j++) best = Math.max(best, jetPt(jets, j * JET_STRIDE));
  return best;
}

/**
 * Write the features of the two leading-pT jets into row (jet 1 = higher pT) and return pT(j1).
 * mjj is the invariant mass of their 4-vectors, so mjj² = m1² + m2² + 2(E1E2 − p1·p2) holds for
 * the written features to float32 precision.
 */
export function fillRow(jets: Float64Array, nJets: number, row: Float64Array): number {
  let a = -1;
  let b = -1;
  let ptA = -1;
  let ptB = -1;
  for (let j = 0; j < nJets; j++) {
    const pt = jetPt(jets, j * JET_STRIDE);
    if (pt > ptA) {
      b = a;
      ptB = ptA;
      a = j;
      ptA = pt;
    } else if (pt > ptB) {
      b = j;
      ptB = pt;
    }
  }
  const oa = a * JET_STRIDE;
  const ob = b * JET_STRIDE;
  row[0] = pairMass(jets, oa, ob);
  row[1] = jets[oa + M] as number;
  row[2] = jets[ob + M] as number;
  row[3] = jets[oa + TAU21] as number;
  row[4] = jets[ob + TAU21] as number;
  row[5] = jets[oa + TAU32] as number;
  row[6] = jets[ob + TAU32] as number;
  row[7] = ptA;
  row[8] = ptB;
  row[9] = Math.asinh((jets[oa + PZ] as number) / ptA);
  row[10] = Math.asinh((jets[ob + PZ] as number) / ptB);
  row[11] = Math.atan2(jets[oa + PY] as number, jets[oa + PX] as number);
  row[12] = Math.atan2(jets[ob + PY] as number, jets[ob + PX] as number);
  return ptA;
}

/** Merge jet b into jet a (4-vector sum; the mass becomes the pair's invariant mass). */
export function mergeInto(jets: Float64Array, a: number, b: number): void {
  const m = pairMass(jets, a, b);
  jets[a + PX] = (jets[a + PX] as number) + (jets[b + PX] as number);
  jets[a + PY] = (jets[a + PY] as number) + (jets[b + PY] as number);
  jets[a + PZ] = (jets[a + PZ] as number) + (jets[b + PZ] as number);
  jets[a + E] = (jets[a + E] as number) + (jets[b + E] as number);
  jets[a + M] = m;
}
