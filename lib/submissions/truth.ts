import { z } from "zod";
import type { GeneratedBoxSpec, ImportedBoxSpec } from "@/lib/db/json";
import type { ClaimTruth } from "@/scorer/metrics";

/**
 * Recorded with every evaluation; bump it when a definition in SCORING.md changes. Frozen
 * leaderboards keep the evaluations (and so the version) they were frozen with; a rescore writes new
 * evaluations under the current one. 2: claims log score of SCORING §3 version 2 (resolution floors
 * from the box config, ½ ln 2π, flat defaults for left-out quantities, box-range validation).
 * 3: discovery significance — the order chosen by Rao's score test, every pseudo-experiment choosing
 * its own order and gated like the data, p-values among the toys that pass the gate.
 */
export const SCORER_VERSION = "anomaly-arena-scorer/3";

/** The parts of a box spec its claim truth is read from: the injected signals, or an import's components. */
type TruthSpec = {
  generator?: Pick<GeneratedBoxSpec["generator"], "signals">;
  import?: Pick<ImportedBoxSpec["import"], "signals" | "components">;
};

/**
 * The injected resonances of a generated box, as SCORING §3 matches claims against them: one per
 * signal component (label k), with its mass, events injected and daughter masses (X and Y of
 * W' → XY; R of the cascade). Truth: call only where the truth may be used (worker, after reveal).
 */
export function claimTruthOf(box: { spec: TruthSpec | null }): ClaimTruth {
  const imported = box.spec?.import;
  if (imported) return importedClaimTruth(imported);
  const gen = box.spec?.generator;
  return {
    resonances: (gen?.signals ?? []).map((s, k) => ({
      component: k + 1,
      mass: s.mass,
      nSignal: s.n,
      daughterMasses: daughtersOf(s),
    })),
  };
}

/** The daughter masses of a generated signal: X and Y of W' → XY; R of the cascade; else none. */
function daughtersOf(
  s: Pick<z.infer<typeof truthComponent>, "model" | "mode" | "mX" | "mY" | "mR">,
): number[] | undefined {
  if (s.model === "resonance-xy" && s.mX !== undefined && s.mY !== undefined) return [s.mX, s.mY];
  if (s.mode === "cascade" && s.mR !== undefined) return [s.mR];
  return undefined;
}

const mass = z.number().positive();
/** One component as a sealed truth file's `params` records it: a generated signal's spec, or an import's component. */
const truthComponent = z.object({
  label: z.number().int().min(0),
  n: z.number().int().min(0),
  mass: mass.optional(),
  model: z.string().optional(),
  mode: z.string().optional(),
  mX: mass.optional(),
  mY: mass.optional(),
  mR: mass.optional(),
  daughterMasses: z.array(mass).optional(),
});
/** The part of a sealed truth file's `params` that claims are scored against (its other keys pass). */
const truthParams = z.object({ components: z.array(truthComponent) });

/**
 * The resonances of a sealed truth file, from its `params` attribute (core/formats `readSealedTruth`):
 * every signal component (label k > 0) that has a mass, with its events and daughter masses. A
 * generated box records each signal's spec there, an imported box each component with the mass the
 * organizer gave (lib/imports), so this is the ClaimTruth `claimTruthOf` derives from the box's spec
 * — what `arena claim-score --truth truth.h5` scores against after the reveal.
 *
 * @throws Error naming the field (`params.components[1].n: …`) when params is not of that shape.
 * @example
 * claimTruthOfParams({ components: [{ label: 0, n: 990 }, { label: 1, n: 10, mass: 3500 }] })
 * // → { resonances: [{ component: 1, mass: 3500, nSignal: 10, daughterMasses: undefined }] }
 */
export function claimTruthOfParams(params: unknown): ClaimTruth {
  const r = truthParams.safeParse(params);
  if (!r.success) {
    const issues = r.error.issues.map(
      (i) => `${["params", ...i.path].join(".").replace(/\.(\d+)/g, "[$1]")}: ${i.message}`,
    );
    throw new Error(issues.join("; "));
  }
  return {
    resonances: r.data.components.flatMap((c) =>
      c.label === 0 || c.mass === undefined
        ? []
        : [
            {
              component: c.label,
              mass: c.mass,
              nSignal: c.n,
              daughterMasses: c.daughterMasses ?? daughtersOf(c),
            },
          ],
    ),
  };
}

/**
 * An imported box's resonances: the signal components whose mass the organizer gave at import
 * (real files do not say), with the events the build counted. Components without a mass cannot be
 * matched by a claim.
 */
function importedClaimTruth(imp: NonNullable<TruthSpec["import"]>): ClaimTruth {
  return {
    resonances: (imp.signals ?? []).flatMap((s) =>
      s.mass === undefined
        ? []
        : [
            {
              component: s.label,
              mass: s.mass,
              nSignal: imp.components?.find((c) => c.label === s.label)?.n ?? 0,
              daughterMasses: s.daughterMasses,
            },
          ],
    ),
  };
}
