import type { Claim, DaughterClaim } from "./claim-validate";
import { validateClaim } from "./claim-validate";

/** One injected resonance of a box, as revealed. */
export type TrueResonance = { component: number; mass: number; nSignal: number; daughterMasses?: number[] };
/** A box's truth: no resonances means no injected signal (the LHCO Black Box 2 case). */
export type ClaimTruth = { resonances: TrueResonance[] };

export type ClaimScore = {
  detectionCorrect: boolean;
  /** Component of the true resonance nearest the claimed mass; null when not scored. */
  matchedComponent: number | null;
  /** |claimed − true| / claimed σ; null where the quantity was not claimed or not scored. */
  pulls: { mass: number | null; nSignal: number | null; daughterMasses: (number | null)[] | null };
  /** Σ [ln σ + ½((x − μ)/σ)²]; lower is better; null unless detection is correct and signal is present. */
  logScore: number | null;
};

export const MAX_DAUGHTERS = 8;

/** ln σ + ½ z² with z = (truth − claim)/σ: the Gaussian negative log-likelihood without ½ ln 2π. */
function nll(claimed: number, sigma: number, truth: number): number {
  const z = (truth - claimed) / sigma;
  return Math.log(sigma) + 0.5 * z * z;
}

/** Best injective assignment of claimed daughters to true ones: smallest Σ ½z² (ln σ is fixed). */
function assignDaughters(claimed: DaughterClaim[], truth: number[]): (number | null)[] {
  if (claimed.length > MAX_DAUGHTERS || truth.length > MAX_DAUGHTERS) {
    throw new Error(`daughter matching supports at most ${MAX_DAUGHTERS} daughters`);
  }
  // every complete assignment matches min(claimed, truth) daughters; the rest of the claimed stay null
  const slack = Math.max(0, claimed.length - truth.length);
  let best: (number | null)[] = claimed.map(() => null);
  let bestCost = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(truth.length).fill(false);
  const current: (number | null)[] = [];
  const visit = (i: number, cost: number, nulls: number): void => {
    if (i === claimed.length) {
      if (cost < bestCost) {
        bestCost = cost;
        best = [...current];
      }
      return;
    }
    const d = claimed[i]!;
    for (let j = 0; j < truth.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      current.push(j);
      const z = (truth[j]! - d.mass) / d.uncertainty;
      visit(i + 1, cost + 0.5 * z * z, nulls);
      current.pop();
      used[j] = false;
    }
    if (nulls < slack) {
      current.push(null);
      visit(i + 1, cost, nulls + 1);
      current.pop();
    }
  };
  visit(0, 0, 0);
  return best;
}

/**
 * Scores a validated claim against the revealed truth (SCORING §3, pulls as the LHCO 2020 rule):
 * - detection is correct when `signalPresent` equals "the box has at least one resonance";
 * - the claimed mass is matched to the nearest true resonance (first on ties); pulls
 *   |claimed − true| / σ_claimed for mass, nSignal (that component) and daughter masses (the
 *   injective assignment with the smallest Σ pull²; extra claimed daughters stay unmatched: pull null,
 *   no log-score term);
 * - log score Σ [ln σ + ½((x − μ)/σ)²] over mass and, when given, nSignal and matched daughters.
 * A wrong detection, or a correct "no signal", has no pulls and logScore null.
 *
 * @throws AppError("validation") as `validateClaim`; plain Error when the claim or the matched truth has
 *   more than 8 daughters (the assignment is brute force).
 * @example
 * // pull = |3500 − 3600| / 100 = 1; log score = ln 100 + ½·1² = 4.605170185988092 + 0.5
 * scoreClaim({ signalPresent: true, mass: 3500, massUncertainty: 100 },
 *   { resonances: [{ component: 1, mass: 3600, nSignal: 800 }] }).logScore; // → 5.105170185988092
 */
export function scoreClaim(claim: Claim, truth: ClaimTruth): ClaimScore {
  validateClaim(claim);
  const truthPresent = truth.resonances.length > 0;
  const detectionCorrect = claim.signalPresent === truthPresent;
  const none = { mass: null, nSignal: null, daughterMasses: null };
  if (!detectionCorrect || !claim.signalPresent) {
    return { detectionCorrect, matchedComponent: null, pulls: none, logScore: null };
  }
  const mass = claim.mass!;
  const sigma = claim.massUncertainty!;
  let match = truth.resonances[0]!;
  for (const r of truth.resonances) if (Math.abs(r.mass - mass) < Math.abs(match.mass - mass)) match = r;

  let logScore = nll(mass, sigma, match.mass);
  const pulls: ClaimScore["pulls"] = {
    mass: Math.abs(mass - match.mass) / sigma,
    nSignal: null,
    daughterMasses: null,
  };
  if (claim.nSignal !== undefined && claim.nSignalUncertainty !== undefined) {
    pulls.nSignal = Math.abs(claim.nSignal - match.nSignal) / claim.nSignalUncertainty;
    logScore += nll(claim.nSignal, claim.nSignalUncertainty, match.nSignal);
  }
  const claimedDaughters = claim.daughterMasses ?? [];
  if (claimedDaughters.length > 0) {
    const trueDaughters = match.daughterMasses ?? [];
    const assignment = assignDaughters(claimedDaughters, trueDaughters);
    pulls.daughterMasses = assignment.map((j, i) => {
      if (j === null) return null;
      const d = claimedDaughters[i]!;
      const t = trueDaughters[j]!;
      logScore += nll(d.mass, d.uncertainty, t);
      return Math.abs(d.mass - t) / d.uncertainty;
    });
  }
  return { detectionCorrect, matchedComponent: match.component, pulls, logScore };
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
