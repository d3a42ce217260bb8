import os from "node:os";
import {
  type PrimaryMetric,
  quotasSchema,
  scoringConfigSchema,
  storedIssues,
  submissionConfigSchema,
} from "@/lib/db/json";
import type { BlackBox } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { DiscoveryConfig } from "@/scorer/bumphunt/discovery";
import { type DiscoverySettings, parseDiscoverySettings } from "@/scorer/bumphunt/scoring-config";
import type { ClaimBox } from "@/scorer/metrics/claims";

/**
 * A box's submission settings, read from its `scoringConfig` and `quotas` JSON (built-in specs set
 * them; everything has a default). Other keys are ignored; the keys are checked when a box is stored
 * (settingsIssues).
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

/**
 * A box's submission settings from its stored `scoringConfig` and `quotas` (lib/db/json schemas,
 * defaults applied). Parse once per request and pass the result on (getBoxForUpload carries it).
 * @throws ZodError for a submission or quota key of the wrong type; AppError "validation" naming
 *   `scoringConfig.<field>` for discovery settings that do not hold together (bins.max ≤ bins.min …).
 */
export function submissionSettings(box: Pick<BlackBox, "scoringConfig" | "quotas">): SubmissionSettings {
  const c = submissionConfigSchema.parse(box.scoringConfig ?? {});
  const q = quotasSchema.parse(box.quotas ?? {});
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

/**
 * Every problem of a box's scoring config and quotas as they are about to be stored, each naming its
 * field (`scoringConfig.topK`, `scoringConfig.bins.max`, `quotas.submissionsPerDay`): the checks
 * submissionSettings makes when it reads them. Empty when they will read.
 */
export function settingsIssues(
  box: Partial<Pick<BlackBox, "scoringConfig" | "quotas">>,
): { field: string; message: string }[] {
  const config = scoringConfigSchema.safeParse(box.scoringConfig ?? {});
  const quotas = quotasSchema.safeParse(box.quotas ?? {});
  const issues = [
    ...(config.success ? [] : storedIssues(config.error, "scoringConfig")),
    ...(quotas.success ? [] : storedIssues(quotas.error, "quotas")),
  ];
  if (!config.success) return issues;
  const d = parseDiscoverySettings(box.scoringConfig ?? {});
  if (!d.ok) issues.push(...d.issues.map((i) => ({ field: `scoringConfig.${i.field}`, message: i.message })));
  return issues;
}
