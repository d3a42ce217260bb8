import type { BlackBox } from "@/lib/db/schema";
import type { ClaimTruth } from "@/scorer/metrics";

/** Recorded with every evaluation; bump it when a definition in SCORING.md changes. */
export const SCORER_VERSION = "anomaly-arena-scorer/1";

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
