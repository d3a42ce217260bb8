import type { Claim } from "./claim-validate";
import type { ClaimScore } from "./results";
import { MAX_DAUGHTERS, validateClaim } from "./claim-validate";

/** One injected resonance of a box, as revealed. */
export type TrueResonance = { component: number; mass: number; nSignal: number; daughterMasses?: number[] };
/** A box's truth: no resonances means no injected signal (the LHCO Black Box 2 case). */
export type ClaimTruth = { resonances: TrueResonance[] };

/**
 * What scoring a claim needs to know about its box (SCORING §3 version 2): public facts and the
 * organizer's resolutions, never the truth. `sqrtS` in GeV bounds masses to (0, √s); `nEvents` bounds
 * nSignal to [0, nEvents]; `massResolution` and `daughterMassResolution` are relative (σ_floor =
 * resolution × the *claimed* mass); daughter masses lie in (0, `maxDaughterMass`) GeV.
 */
export type ClaimBox = {
  sqrtS: number;
  nEvents: number;
  massResolution: number;
  daughterMassResolution: number;
  maxDaughterMass: number;
};

/** Defaults of a box's `scoringConfig.claims` (maxDaughterMass defaults to √s). */
export const CLAIM_RESOLUTION_DEFAULTS = { massResolution: 0.05, daughterMassResolution: 0.1 } as const;

const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * −ln N(truth; claimed, σ_eff) = ln σ_eff + ½ ln 2π + ½ z², σ_eff = √(σ² + floor²), z = (truth −
 * claimed)/σ_eff: a density in the quantity's units, like the flat default's 1/width.
 */
function gaussianNll(claimed: number, sigma: number, floor: number, truth: number): number {
  const s = Math.hypot(sigma, floor);
  const z = (truth - claimed) / s;
  return Math.log(s) + HALF_LN_2PI + 0.5 * z * z;
}

/**
 * Best injective assignment of claimed daughters to true ones (SCORING "best assignment"): the
 * smaller side is matched completely, by the smallest Σ NLL of the matched pairs (`cost(i, j)`).
 * Returns, per claimed daughter, the index of its true daughter or null.
 */
function assignDaughters(
  nClaimed: number,
  nTrue: number,
  cost: (i: number, j: number) => number,
): (number | null)[] {
  if (nClaimed > MAX_DAUGHTERS || nTrue > MAX_DAUGHTERS) {
    throw new Error(`daughter matching supports at most ${MAX_DAUGHTERS} daughters`);
  }
  // every complete assignment matches min(claimed, truth) daughters; the rest of the claimed stay null
  const slack = Math.max(0, nClaimed - nTrue);
  let best: (number | null)[] = Array.from({ length: nClaimed }, () => null);
  let bestCost = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(nTrue).fill(false);
  const current: (number | null)[] = [];
  const visit = (i: number, total: number, nulls: number): void => {
    if (i === nClaimed) {
      if (total < bestCost) {
        bestCost = total;
        best = [...current];
      }
      return;
    }
    for (let j = 0; j < nTrue; j++) {
      if (used[j]) continue;
      used[j] = true;
      current.push(j);
      visit(i + 1, total + cost(i, j), nulls);
      current.pop();
      used[j] = false;
    }
    if (nulls < slack) {
      current.push(null);
      visit(i + 1, total, nulls + 1);
      current.pop();
    }
  };
  visit(0, 0, 0);
  return best;
}

/**
 * Scores a validated claim against the revealed truth (SCORING §3 version 2; pulls as the LHCO 2020
 * rule):
 * - detection is correct when `signalPresent` equals "the box has at least one resonance";
 * - the claimed mass is matched to the nearest true resonance (first on ties); pulls
 *   |claimed − true| / σ_claimed for mass, nSignal (that component) and daughter masses (the
 *   injective assignment with the smallest Σ NLL; extra claimed daughters stay unmatched: pull null,
 *   no term);
 * - log score = Σ terms, one per quantity of the matched resonance: mass, nSignal and each true
 *   daughter mass. A stated quantity scores ln σ_eff + ½ ln 2π + ½((x − μ)/σ_eff)² with
 *   σ_eff = √(σ² + σ_floor²) and floors from the box, never from the truth: mass → massResolution × μ,
 *   nSignal → √max(μ, 1), daughter → daughterMassResolution × μ. A left-out quantity scores its flat
 *   default ln W: W = nEvents for nSignal, maxDaughterMass for a daughter (the mass is required).
 *   Stating x correctly (z = 0) beats leaving it out whenever σ_eff < W/√(2π) ≈ 0.40 W, which the
 *   floors alone always satisfy (resolutions ≤ 0.3, μ inside the range; nSignal: nEvents ≥ 7).
 * A wrong detection, or a correct "no signal", has no pulls, no terms and logScore null.
 *
 * @throws InputError as `validateClaim` with the box's ranges; plain Error when the
 *   matched truth has more than 8 daughters (the assignment is brute force).
 * @example
 * // σ_eff = √(100² + (0.05·3500)²) = 201.556 GeV, z = 100/201.556: mass term 6.348085;
 * // nSignal left out: ln 1e6 = 13.815511
 * scoreClaim({ signalPresent: true, mass: 3500, massUncertainty: 100 },
 *   { resonances: [{ component: 1, mass: 3600, nSignal: 800 }] },
 *   { sqrtS: 13000, nEvents: 1e6, massResolution: 0.05, daughterMassResolution: 0.1, maxDaughterMass: 13000 },
 * ).logScore; // → 20.16359547406189 (python3 reference in claims.test.ts)
 */
export function scoreClaim(claim: Claim, truth: ClaimTruth, box: ClaimBox): ClaimScore {
  validateClaim(claim, box);
  const truthPresent = truth.resonances.length > 0;
  const detectionCorrect = claim.signalPresent === truthPresent;
  const none = { mass: null, nSignal: null, daughterMasses: null };
  if (!detectionCorrect || !claim.signalPresent) {
    return { detectionCorrect, matchedComponent: null, pulls: none, terms: null, logScore: null };
  }
  const mass = claim.mass!;
  const sigma = claim.massUncertainty!;
  let match = truth.resonances[0]!;
  for (const r of truth.resonances) if (Math.abs(r.mass - mass) < Math.abs(match.mass - mass)) match = r;

  const pulls: ClaimScore["pulls"] = {
    mass: Math.abs(mass - match.mass) / sigma,
    nSignal: null,
    daughterMasses: null,
  };
  const massTerm = gaussianNll(mass, sigma, box.massResolution * mass, match.mass);

  let nSignalTerm = Math.log(box.nEvents);
  if (claim.nSignal !== undefined && claim.nSignalUncertainty !== undefined) {
    const n = claim.nSignal;
    pulls.nSignal = Math.abs(n - match.nSignal) / claim.nSignalUncertainty;
    nSignalTerm = gaussianNll(n, claim.nSignalUncertainty, Math.sqrt(Math.max(n, 1)), match.nSignal);
  }

  const claimed = claim.daughterMasses ?? [];
  const trueDaughters = match.daughterMasses ?? [];
  const daughterNll = (i: number, j: number) => {
    const d = claimed[i]!;
    return gaussianNll(d.mass, d.uncertainty, box.daughterMassResolution * d.mass, trueDaughters[j]!);
  };
  const assignment = assignDaughters(claimed.length, trueDaughters.length, daughterNll);
  const daughterTerms = trueDaughters.map(() => Math.log(box.maxDaughterMass));
  assignment.forEach((j, i) => {
    if (j !== null) daughterTerms[j] = daughterNll(i, j);
  });
  if (claimed.length > 0) {
    pulls.daughterMasses = assignment.map((j, i) =>
      j === null ? null : Math.abs(claimed[i]!.mass - trueDaughters[j]!) / claimed[i]!.uncertainty,
    );
  }
  const terms = { mass: massTerm, nSignal: nSignalTerm, daughterMasses: daughterTerms };
  const logScore = daughterTerms.reduce((a, t) => a + t, massTerm + nSignalTerm);
  return { detectionCorrect, matchedComponent: match.component, pulls, terms, logScore };
}

/**
 * Ranking rule for claims on one box (SCORING §3): correct detection always above wrong detection;
 * then lower log score first; a null log score after any number; otherwise equal (0), so the
 * leaderboard's secondary keys decide. Use with `Array.prototype.sort` (best first). Never throws.
 *
 * @example
 * [{ detectionCorrect: false, logScore: null }, { detectionCorrect: true, logScore: 7 },
 *   { detectionCorrect: true, logScore: 5 }].sort(compareClaimScores).map((s) => s.logScore); // → [5, 7, null]
 */
export function compareClaimScores(
  a: Pick<ClaimScore, "detectionCorrect" | "logScore">,
  b: Pick<ClaimScore, "detectionCorrect" | "logScore">,
): number {
  if (a.detectionCorrect !== b.detectionCorrect) return a.detectionCorrect ? -1 : 1;
  if (a.logScore === b.logScore) return 0;
  if (a.logScore === null) return 1;
  if (b.logScore === null) return -1;
  return a.logScore - b.logScore;
}
