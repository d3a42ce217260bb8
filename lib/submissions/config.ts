import os from "node:os";
import { z } from "zod";
import type { BlackBox } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { DiscoveryConfig } from "@/scorer/bumphunt/discovery";
import { type DiscoverySettings, parseDiscoverySettings } from "@/scorer/bumphunt/scoring-config";
import { CLAIM_RESOLUTION_DEFAULTS, type ClaimBox } from "@/scorer/metrics/claims";

/** Truth metrics a box may rank score submissions by once the truth is visible (SCORING §5). */
export const PRIMARY_METRICS = ["maxSic", "auc", "tprAt1e3", "tprAt1e5"] as const;
export type PrimaryMetric = (typeof PRIMARY_METRICS)[number];

/**
 * A box's submission settings, read from its `scoringConfig` and `quotas` JSON (built-in specs set
 * them; everything has a default). Unknown keys are ignored here: the organizer form validates them.
 */
export type SubmissionSettings = {
  /** Largest upload accepted, in bytes (before decompression). */
  maxUploadBytes: number;
  /** Largest decompressed size of a gzip upload. */
  maxDecompressedBytes: number;
  /** K of top-K event-ID submissions (SCORING §4). */
  topK: number;
  quotas: { perDay: number; total: number };
  /**
   * The resonance-mass feature of the discovery metric, or null for boxes without one (ADC2021 or
   * Dark Machines imports): their score submissions get no discovery significance and rank by a truth
   * metric (`primaryMetric`) once the truth is visible.
   */
  massFeature: string | null;
  /** Leaderboard key of score submissions when the truth is visible (SCORING §5 default: Max SIC). */
  primaryMetric: PrimaryMetric;
  /** |Δη| preselection of the discovery metric (events failing it are left out), or null. */
  preselection: DiscoverySettings["preselection"];
  discovery: DiscoveryConfig;
  /**
   * Claims scoring (SCORING §3): √s, the relative mass and daughter-mass resolutions that floor a
   * claim's uncertainties, and the daughter-mass range (default √s). The events in the box complete
   * it (`ClaimBox.nEvents`), from the built box.
   */
  claims: Omit<ClaimBox, "nEvents">;
};

/** The non-discovery keys; the discovery keys are scorer/bumphunt/scoring-config.ts's schema. */
const scoring = z
  .object({
    primaryMetric: z.enum(PRIMARY_METRICS).optional(),
    topK: z.number().int().min(1).default(1000),
    maxUploadMB: z.number().positive().default(64),
    // ≤ 0.3 keeps σ_floor < range/√(2π): a correctly stated quantity always beats leaving it out.
    claims: z
      .object({
        massResolution: z.number().gt(0).max(0.3).default(CLAIM_RESOLUTION_DEFAULTS.massResolution),
        daughterMassResolution: z
          .number()
          .gt(0)
          .max(0.3)
          .default(CLAIM_RESOLUTION_DEFAULTS.daughterMassResolution),
        maxDaughterMass: z.number().positive().optional(),
      })
      .prefault({}),
  })
  .passthrough();

const quotas = z
  .object({
    submissionsPerDay: z.number().int().min(0).default(5),
    submissionsTotal: z.number().int().min(0).default(50),
  })
  .passthrough();

export function submissionSettings(box: Pick<BlackBox, "scoringConfig" | "quotas">): SubmissionSettings {
  const c = scoring.parse(box.scoringConfig ?? {});
  const q = quotas.parse(box.quotas ?? {});
  const d = parseDiscoverySettings(box.scoringConfig ?? {});
  if (!d.ok) {
    const fields = d.issues.map((i) => ({ field: `scoringConfig.${i.field}`, message: i.message }));
    throw new AppError("validation", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
  }
  const { massFeature, preselection, ...discovery } = d.settings;
  const maxUploadBytes = Math.round(c.maxUploadMB * 1024 * 1024);
  return {
    maxUploadBytes,
    maxDecompressedBytes: 8 * maxUploadBytes,
    topK: c.topK,
    quotas: { perDay: q.submissionsPerDay, total: q.submissionsTotal },
    massFeature,
    // ADC2021 ranked by TPR at FPR = 1e-5; a box without a mass has no discovery Z to fall back on.
    primaryMetric: c.primaryMetric ?? (massFeature === null ? "tprAt1e5" : "maxSic"),
    preselection,
    discovery: { ...discovery, threads: scoringThreads() },
    claims: {
      sqrtS: discovery.sqrtS,
      massResolution: c.claims.massResolution,
      daughterMassResolution: c.claims.daughterMassResolution,
      maxDaughterMass: c.claims.maxDaughterMass ?? discovery.sqrtS,
    },
  };
}

/** Threads of the pseudo-experiment pool a scoring job uses: one per core. */
export function scoringThreads(): number {
  return Math.max(1, os.availableParallelism());
}
