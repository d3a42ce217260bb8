import { MAX_DAUGHTERS } from "./claims";
import { invalidInput } from "./errors";

export type DaughterClaim = { mass: number; uncertainty: number };

/** A resonance claim (SCORING §3). Masses and widths in GeV; nSignal counts events in the whole box. */
export type Claim = {
  signalPresent: boolean;
  mass?: number;
  massUncertainty?: number;
  width?: number;
  nSignal?: number;
  nSignalUncertainty?: number;
  daughterMasses?: DaughterClaim[];
  pValue?: number;
  description?: string;
};

function check(ok: boolean, field: string, message: string): void {
  if (!ok) throw invalidInput(field, `${field} ${message}`);
}

function positive(value: number | undefined, field: string): void {
  if (value !== undefined)
    check(Number.isFinite(value) && value > 0, field, `must be a number > 0, got ${value}`);
}

/**
 * Checks a claim against SCORING §3: masses, width and uncertainties > 0 (and finite), 0 ≤ pValue ≤ 1,
 * nSignal ≥ 0. When `signalPresent` is true, `mass` and `massUncertainty` are required (the log score
 * needs them); `nSignal` and `nSignalUncertainty` come together or not at all. Returns the claim.
 *
 * @throws AppError("validation") naming the first bad field, e.g. "daughterMasses[1].uncertainty".
 * @example
 * validateClaim({ signalPresent: true, mass: 3500, massUncertainty: 0 });
 * // throws AppError "massUncertainty must be a number > 0, got 0"
 */
export function validateClaim(claim: Claim): Claim {
  if (claim.signalPresent) {
    check(claim.mass !== undefined, "mass", "is required when signalPresent is true");
    check(claim.massUncertainty !== undefined, "massUncertainty", "is required when signalPresent is true");
  }
  positive(claim.mass, "mass");
  positive(claim.massUncertainty, "massUncertainty");
  positive(claim.width, "width");
  const { nSignal, nSignalUncertainty, pValue } = claim;
  check(
    (nSignal === undefined) === (nSignalUncertainty === undefined),
    "nSignalUncertainty",
    "must be given with nSignal",
  );
  if (nSignal !== undefined)
    check(Number.isFinite(nSignal) && nSignal >= 0, "nSignal", `must be ≥ 0, got ${nSignal}`);
  positive(nSignalUncertainty, "nSignalUncertainty");
  if (pValue !== undefined)
    check(pValue >= 0 && pValue <= 1, "pValue", `must be between 0 and 1, got ${pValue}`);
  check(
    (claim.daughterMasses?.length ?? 0) <= MAX_DAUGHTERS,
    "daughterMasses",
    `may list at most ${MAX_DAUGHTERS} daughters, got ${claim.daughterMasses?.length}`,
  );
  claim.daughterMasses?.forEach((d, i) => {
    positive(d.mass, `daughterMasses[${i}].mass`);
    positive(d.uncertainty, `daughterMasses[${i}].uncertainty`);
  });
  return claim;
}
