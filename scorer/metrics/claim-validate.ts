import { z } from "zod";
import { invalidInput } from "./errors";

/** The most daughters a claim may list: daughter matching (scoreClaim) tries every assignment. */
export const MAX_DAUGHTERS = 8;

export const daughterClaimSchema = z.object({ mass: z.number(), uncertainty: z.number() });
export type DaughterClaim = z.infer<typeof daughterClaimSchema>;

/**
 * A resonance claim (SCORING §3): its fields and types, unknown fields refused. Masses and widths in
 * GeV; nSignal counts events in the whole box. The ranges depend on the box and are checked by
 * `validateClaim`; `description` is free text (lib/ adds its storage rules, lib/submissions/validate).
 * The one declaration of the claim: uploads parse it, `submissions.claim` stores it, the API document
 * is generated from it.
 */
export const claimSchema = z.strictObject({
  signalPresent: z.boolean({ error: "must be true or false" }),
  mass: z.number().optional(),
  massUncertainty: z.number().optional(),
  width: z.number().optional(),
  nSignal: z.number().optional(),
  nSignalUncertainty: z.number().optional(),
  daughterMasses: z.array(daughterClaimSchema).optional(),
  pValue: z.number().optional(),
  description: z.string().max(4000).optional(),
});
export type Claim = z.infer<typeof claimSchema>;

/**
 * The box facts a claim is checked against (all public): √s in GeV, the events in the box (null when
 * not known yet: nSignal then has no upper bound) and the largest daughter mass (default √s).
 */
export type ClaimRange = { sqrtS: number; nEvents: number | null; maxDaughterMass?: number };

function check(ok: boolean, field: string, message: string): void {
  if (!ok) throw invalidInput(field, `${field} ${message}`);
}

/** 0 < value < max, finite. NaN fails every comparison, so it is refused with the same message. */
function massIn(value: number | undefined, field: string, max: number, what: string): void {
  if (value !== undefined)
    check(value > 0 && value < max, field, `must be between 0 and ${max} GeV (${what}), got ${value}`);
}

function uncertainty(value: number | undefined, field: string): void {
  if (value !== undefined)
    check(
      Number.isFinite(value) && value > 0,
      field,
      `must be a number > 0, got ${value}: give your 1σ uncertainty (one below the box's resolution counts as the resolution)`,
    );
}

/**
 * Checks a claim against SCORING §3 and its box: every number finite; `mass` and `width` in
 * (0, √s); daughter masses in (0, min(√s, maxDaughterMass)); uncertainties > 0; 0 ≤ pValue ≤ 1;
 * 0 ≤ nSignal ≤ the events in the box. When `signalPresent` is true, `mass` and `massUncertainty`
 * are required (the log score needs them); `nSignal` and `nSignalUncertainty` come together or not
 * at all. Returns the claim.
 *
 * Tiny uncertainties (1e-300) are accepted on purpose: the log score adds the box's resolution in
 * quadrature (σ_eff = √(σ² + σ_floor²)), so a σ below the resolution scores as the resolution and
 * buys nothing; the pulls (LHCO 2020 rule) still use the stated σ.
 *
 * @throws InputError naming the first bad field and the allowed range, e.g.
 *   "daughterMasses[1].uncertainty must be a number > 0, got 0: …".
 * @example
 * validateClaim({ signalPresent: true, mass: 14000, massUncertainty: 100 }, { sqrtS: 13000, nEvents: 1e6 });
 * // throws InputError "mass must be between 0 and 13000 GeV (√s of this box), got 14000"
 */
export function validateClaim(claim: Claim, box: ClaimRange): Claim {
  if (claim.signalPresent) {
    check(claim.mass !== undefined, "mass", "is required when signalPresent is true");
    check(claim.massUncertainty !== undefined, "massUncertainty", "is required when signalPresent is true");
  }
  massIn(claim.mass, "mass", box.sqrtS, "√s of this box");
  uncertainty(claim.massUncertainty, "massUncertainty");
  massIn(claim.width, "width", box.sqrtS, "√s of this box");
  const { nSignal, nSignalUncertainty, pValue } = claim;
  check(
    (nSignal === undefined) === (nSignalUncertainty === undefined),
    "nSignalUncertainty",
    "must be given with nSignal",
  );
  if (nSignal !== undefined) {
    const n = box.nEvents;
    if (n === null) check(nSignal >= 0 && Number.isFinite(nSignal), "nSignal", `must be ≥ 0, got ${nSignal}`);
    else
      check(
        nSignal >= 0 && nSignal <= n,
        "nSignal",
        `must be between 0 and ${n} (the events in this box), got ${nSignal}`,
      );
  }
  uncertainty(nSignalUncertainty, "nSignalUncertainty");
  if (pValue !== undefined)
    check(pValue >= 0 && pValue <= 1, "pValue", `must be between 0 and 1, got ${pValue}`);
  check(
    (claim.daughterMasses?.length ?? 0) <= MAX_DAUGHTERS,
    "daughterMasses",
    `may list at most ${MAX_DAUGHTERS} daughters, got ${claim.daughterMasses?.length}`,
  );
  const maxDaughter = Math.min(box.sqrtS, box.maxDaughterMass ?? box.sqrtS);
  const what = maxDaughter < box.sqrtS ? "the box's largest daughter mass" : "√s of this box";
  claim.daughterMasses?.forEach((d, i) => {
    // Each daughter is { mass, uncertainty }: a bare number (a natural slip from a claim file
    // written by hand) would otherwise pass with neither checked.
    check(
      typeof d === "object" && d !== null && d.mass !== undefined && d.uncertainty !== undefined,
      `daughterMasses[${i}]`,
      `must be an object { "mass": GeV, "uncertainty": GeV }, got ${JSON.stringify(d)}`,
    );
    massIn(d.mass, `daughterMasses[${i}].mass`, maxDaughter, what);
    uncertainty(d.uncertainty, `daughterMasses[${i}].uncertainty`);
  });
  return claim;
}
