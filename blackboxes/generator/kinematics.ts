/**
 * Exact relativistic kinematics on a scratch Float64Array of jets, JET_STRIDE numbers each:
 * px, py, pz, E, m, tau21, tau32 (GeV). No allocation: generators run once per event.
 */
export const JET_STRIDE = 7;
export const PX = 0;
export const PY = 1;
export const PZ = 2;
export const E = 3;
export const M = 4;
export const TAU21 = 5;
export const TAU32 = 6;

/** Two-body momentum in the rest frame of mass `mass` decaying to masses m1, m2 (0 if closed). */
export function twoBodyMomentum(mass: number, m1: number, m2: number): number {
  const a = mass * mass - (m1 + m2) * (m1 + m2);
  if (a <= 0) return 0;
  return Math.sqrt(a * (mass * mass - (m1 - m2) * (m1 - m2))) / (2 * mass);
}

/**
 * Decay at rest of `mass` into jets at offsets o1, o2 (masses m1, m2), daughter 1 along
 * (θ, φ) given as cosθ and φ. Requires m1 + m2 < mass.
 */
export function decayAtRest(
  jets: Float64Array,
  o1: number,
  o2: number,
  mass: number,
  m1: number,
  m2: number,
  cosT: number,
  phi: number,
): void {
  const p = twoBodyMomentum(mass, m1, m2);
  const sinT = Math.sqrt(Math.max(0, 1 - cosT * cosT));
  const px = p * sinT * Math.cos(phi);
  const py = p * sinT * Math.sin(phi);
  const pz = p * cosT;
  jets[o1 + PX] = px;
  jets[o1 + PY] = py;
  jets[o1 + PZ] = pz;
  jets[o1 + E] = Math.sqrt(p * p + m1 * m1);
  jets[o1 + M] = m1;
  jets[o2 + PX] = -px;
  jets[o2 + PY] = -py;
  jets[o2 + PZ] = -pz;
  jets[o2 + E] = Math.sqrt(p * p + m2 * m2);
  jets[o2 + M] = m2;
}

/**
 * Boost the 4-vector at offset o from the rest frame of a system of mass `mass` to the frame where
 * that system has momentum (bx, by, bz) and energy be:
 * E' = (be·E + P·p)/M, p' = p + (P·p/(M(be+M)) + E/M)·P — the standard boost written without β
 * so that it stays exact at rest.
 */
export function boostFromRest(
  jets: Float64Array,
  o: number,
  mass: number,
  be: number,
  bx: number,
  by: number,
  bz: number,
): void {
  const px = jets[o + PX] as number;
  const py = jets[o + PY] as number;
  const pz = jets[o + PZ] as number;
  const e = jets[o + E] as number;
  const dot = bx * px + by * py + bz * pz;
  const k = dot / (mass * (be + mass)) + e / mass;
  jets[o + PX] = px + k * bx;
  jets[o + PY] = py + k * by;
  jets[o + PZ] = pz + k * bz;
  jets[o + E] = (be * e + dot) / mass;
}

export function jetPt(jets: Float64Array, o: number): number {
  const x = jets[o + PX] as number;
  const y = jets[o + PY] as number;
  return Math.sqrt(x * x + y * y);
}

/** Invariant mass of the sum of jets at offsets a and b. */
export function pairMass(jets: Float64Array, a: number, b: number): number {
  const e = (jets[a + E] as number) + (jets[b + E] as number);
  const x = (jets[a + PX] as number) + (jets[b + PX] as number);
  const y = (jets[a + PY] as number) + (jets[b + PY] as number);
  const z = (jets[a + PZ] as number) + (jets[b + PZ] as number);
  return Math.sqrt(Math.max(0, e * e - x * x - y * y - z * z));
}
