import type { BlackBox } from "@/lib/db/schema";
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

type SignalSpec = {
  model: string;
  n: number;
  mass: number;
  mX?: number;
  mY?: number;
  mR?: number;
  mode?: string;
};

/**
 * The injected resonances of a generated box, as SCORING §3 matches claims against them: one per
 * signal component (label k), with its mass, events injected and daughter masses (X and Y of
 * W' → XY; R of the cascade). Truth: call only where the truth may be used (worker, after reveal).
 */
export function claimTruthOf(box: Pick<BlackBox, "spec">): ClaimTruth {
  const imported = (box.spec as { import?: ImportedTruth } | null)?.import;
  if (imported) return importedClaimTruth(imported);
  const gen = (box.spec as { generator?: { signals?: SignalSpec[] } } | null)?.generator;
  return {
    resonances: (gen?.signals ?? []).map((s, k) => ({
      component: k + 1,
      mass: s.mass,
      nSignal: s.n,
      daughterMasses:
        s.model === "resonance-xy" && s.mX !== undefined && s.mY !== undefined
          ? [s.mX, s.mY]
          : s.mode === "cascade" && s.mR !== undefined
            ? [s.mR]
            : undefined,
    })),
  };
}

type ImportedTruth = {
  signals?: { label: number; mass?: number; daughterMasses?: number[] }[];
  components?: { label: number; n: number }[];
};

/**
 * An imported box's resonances: the signal components whose mass the organizer gave at import
 * (real files do not say), with the events the build counted. Components without a mass cannot be
 * matched by a claim.
 */
function importedClaimTruth(imp: ImportedTruth): ClaimTruth {
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
