import { z } from "zod";
import type { DiscoveryResult } from "@/scorer/bumphunt/discovery";
import { claimScoreSchema, topKMetricsSchema, truthMetricsSchema } from "@/scorer/metrics/results";

/**
 * The JSON stored in the evaluation and leaderboard snapshot columns, one zod schema per shape (the
 * black boxes' and submissions' are in ./json). The metrics are the scorer's results as it returns
 * them (scorer/metrics/results.ts); written by the worker only, so they are typed, not parsed, on read.
 */

/**
 * The discovery significance (SCORING §2 v2) as scorer/bumphunt/discovery.ts types it. That type is
 * the declaration; its API schema is written beside the type (lib/api/openapi-schemas.ts `Discovery`).
 */
export const discoveryResultSchema = z.custom<DiscoveryResult>(
  (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  { error: "must be a discovery result object" },
);

/** Truth metrics that do not apply to the box, with the reason (a box without signal has no ROC). */
export const notApplicableSchema = z.object({ notApplicable: z.string() });
export type NotApplicable = z.infer<typeof notApplicableSchema>;

const TRUTH_PUBLIC = "Only where the truth is public (practice boxes; every box after the reveal)";

/**
 * `evaluations.metrics` (SCORING.md): each key present only when computed — the discovery
 * significance of score uploads on every box with a resonance mass (else the reason), and the truth
 * metrics of scores, claims and top-K lists where the truth is public.
 */
export const metricsSchema = z.object({
  discovery: discoveryResultSchema.optional(),
  discoveryNotApplicable: z
    .string()
    .optional()
    .describe("Why there is no discovery significance (a box without a resonance mass)"),
  truth: z.union([truthMetricsSchema, notApplicableSchema]).optional().describe(TRUTH_PUBLIC),
  claim: claimScoreSchema.optional().describe(TRUTH_PUBLIC),
  topK: topKMetricsSchema.optional().describe(TRUTH_PUBLIC),
});
export type Metrics = z.infer<typeof metricsSchema>;

/** The metric keys that depend on the truth: never shown while the truth is sealed for the viewer. */
export const TRUTH_KEYS = ["truth", "claim", "topK"] as const satisfies readonly (keyof Metrics)[];

/**
 * Metrics as lists carry them (lib/submissions/views `compactMetrics`): discovery without its cuts,
 * truth without curves and components. A full `Metrics` is one too.
 */
export type CompactMetrics = Omit<Metrics, "discovery" | "truth"> & {
  discovery?: Pick<DiscoveryResult, "method" | "summary" | "summaryReason" | "device">;
  truth?: Omit<z.infer<typeof truthMetricsSchema>, "curves" | "components"> | NotApplicable;
};

const orNull = z.number().nullable();
const value = z.object({ value: orNull });

/**
 * `evaluations.rank_metrics`: the few numbers a leaderboard ranks and shows, at the same paths as in
 * `metrics` (lib/submissions/rank-metrics.ts): ~300 bytes where `metrics` holds ~20 kB.
 */
export const rankMetricsSchema = z.object({
  discovery: z
    .object({
      summary: z
        .object({ globalSignificance: orNull, extrapolated: z.boolean().nullable(), claimedMass: orNull })
        .nullable(),
    })
    .optional(),
  truth: z
    .object({ auc: z.number(), sicMax: value, tprAtFpr: z.object({ "1e-3": value, "1e-5": value }) })
    .partial()
    .optional(),
  claim: z
    .object({
      detectionCorrect: z.boolean().nullable(),
      logScore: orNull,
      pulls: z.object({ mass: orNull, nSignal: orNull }),
    })
    .optional(),
  topK: z.object({ precision: orNull, recall: value }).optional(),
});
export type RankMetrics = z.infer<typeof rankMetricsSchema>;

/** `evaluations.timings`: seconds per scoring step (loadBox, read, discovery and its parts, truth). */
export const timingsSchema = z.record(z.string(), z.number());
export type Timings = z.infer<typeof timingsSchema>;

/** How a leaderboard ranks (SCORING §5). `key` null: not ranked yet (sealed claims and top-K). */
export const rankingSchema = z.object({
  key: z.string().nullable(),
  label: z.string(),
  higherIsBetter: z.boolean(),
  secondary: z.string().nullable(),
});
export type Ranking = z.infer<typeof rankingSchema>;

/** A row's values by key (lib/submissions/leaderboard `rowValues`); each present only where computed and visible. */
export const leaderboardValuesSchema = z.record(z.string(), z.union([z.number(), z.boolean(), z.null()]));

export const leaderboardRowSchema = z.object({
  rank: z.number().int().nullable(),
  team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  baseline: z.string().nullable().describe("A baseline's method (unranked rows), else null"),
  submissionId: z.uuid(),
  method: z.string(),
  submittedAt: z.iso.datetime(),
  submissions: z.number().int(),
  values: leaderboardValuesSchema,
});
export type LeaderboardRow = z.infer<typeof leaderboardRowSchema>;

/** `leaderboard_snapshots.rows`: the ranking and rows as the leaderboard showed them when frozen. */
export const leaderboardSnapshotSchema = z.object({
  ranking: rankingSchema,
  rows: z.array(leaderboardRowSchema),
});
export type LeaderboardSnapshot = z.infer<typeof leaderboardSnapshotSchema>;
