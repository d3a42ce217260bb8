import os from "node:os";
import { z } from "zod";
import type { BlackBox } from "@/lib/db/schema";
import type { DiscoveryConfig } from "@/scorer/bumphunt/discovery";

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
  discovery: DiscoveryConfig;
};

const scoring = z
  .object({
    massFeature: z.string().min(1).nullable().default("mjj"),
    primaryMetric: z.enum(PRIMARY_METRICS).optional(),
    edges: z.array(z.number()).min(5).optional(),
    bins: z.object({ min: z.number(), max: z.number(), n: z.number().int().min(4) }).optional(),
    cutEfficiencies: z.array(z.number().gt(0).max(1)).min(1).default([1, 0.1, 0.01, 0.001]),
    npe: z.number().int().min(1).default(10_000),
    sqrtS: z.number().positive().default(13_000),
    seed: z.number().int().min(0).default(0),
    widthMin: z.number().int().min(1).optional(),
    widthMax: z.number().int().min(1).optional(),
    topK: z.number().int().min(1).default(1000),
    maxUploadMB: z.number().positive().default(64),
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
  const b = c.bins ?? { min: 2500, max: 7000, n: 45 };
  const edges = c.edges ?? Array.from({ length: b.n + 1 }, (_, i) => b.min + ((b.max - b.min) * i) / b.n);
  const maxUploadBytes = Math.round(c.maxUploadMB * 1024 * 1024);
  return {
    maxUploadBytes,
    maxDecompressedBytes: 8 * maxUploadBytes,
    topK: c.topK,
    quotas: { perDay: q.submissionsPerDay, total: q.submissionsTotal },
    massFeature: c.massFeature,
    // ADC2021 ranked by TPR at FPR = 1e-5; a box without a mass has no discovery Z to fall back on.
    primaryMetric: c.primaryMetric ?? (c.massFeature === null ? "tprAt1e5" : "maxSic"),
    discovery: {
      edges,
      cutEfficiencies: c.cutEfficiencies,
      npe: c.npe,
      sqrtS: c.sqrtS,
      seed: c.seed,
      scan: { widthMin: c.widthMin, widthMax: c.widthMax },
      threads: scoringThreads(),
    },
  };
}

/** Threads of the pseudo-experiment pool a scoring job uses: one per core. */
export function scoringThreads(): number {
  return Math.max(1, os.availableParallelism());
}
