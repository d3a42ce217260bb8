import type { BlackBox, Submission } from "@/lib/db/schema";
import { truthVisible } from "@/lib/blackboxes/lifecycle";

/** An evaluation as stored: metrics = { discovery?, truth?, claim?, topK? } (SCORING.md). */
export type EvaluationRow = {
  metrics: Record<string, unknown>;
  withTruth: boolean;
  scorerVersion: string;
  device: string;
  timings: Record<string, number> | null;
  createdAt: Date;
};

/** Metric keys that depend on the truth: never shown while the truth is sealed for the viewer. */
export const TRUTH_KEYS = ["truth", "claim", "topK"] as const;

/**
 * What a viewer may see of an evaluation. The worker computes truth metrics only where the truth is
 * public (practice boxes, revealed boxes), so a sealed box's evaluations hold none; this filter is the
 * second wall: it drops every truth-dependent key unless truthVisible(box) for this viewer.
 */
export function evaluationView(e: EvaluationRow | undefined, box: Pick<BlackBox, "status" | "mode">) {
  if (!e) return null;
  const open = truthVisible(box, false);
  const metrics: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e.metrics)) {
    if (!open && (TRUTH_KEYS as readonly string[]).includes(k)) continue;
    metrics[k] = v;
  }
  return {
    metrics,
    withTruth: open && e.withTruth,
    scorerVersion: e.scorerVersion,
    device: e.device,
    timings: e.timings,
    createdAt: e.createdAt,
  };
}

/**
 * Metrics for lists (a team's submissions, polled while they score): the discovery summary and the
 * headline truth numbers, without histograms, per-cut fits and curves — the detail view has those.
 */
export function compactMetrics(metrics: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...metrics };
  const d = metrics.discovery as
    | { method?: unknown; summary?: unknown; summaryReason?: unknown; device?: unknown }
    | undefined;
  if (d)
    out.discovery = {
      method: d.method,
      summary: d.summary ?? null,
      ...(d.summaryReason ? { summaryReason: d.summaryReason } : {}),
      device: d.device,
    };
  const t = metrics.truth as Record<string, unknown> | undefined;
  if (t && "auc" in t) {
    const { curves: _c, components: _k, ...headline } = t;
    out.truth = headline;
  }
  return out;
}

export type SubmissionView = ReturnType<typeof submissionView>;

/**
 * A submission as shown to `viewer`: "team" (its own team, or the challenge's organizers) sees the
 * file name, claim and error; "public" sees the method, status and the evaluation only. A claim's
 * numbers are the team's secret until the box is revealed.
 */
export function submissionView(
  s: Submission,
  box: Pick<BlackBox, "status" | "mode" | "slug">,
  teamName: string | null,
  evaluation0: EvaluationRow | undefined,
  viewer: "team" | "public",
  compact = false,
) {
  const own = viewer === "team";
  const evaluation = evaluationView(evaluation0, box);
  if (evaluation && compact) evaluation.metrics = compactMetrics(evaluation.metrics);
  return {
    id: s.id,
    box: box.slug,
    kind: s.kind,
    status: s.status,
    team: s.teamId ? { id: s.teamId, name: teamName ?? "" } : null,
    baseline: s.baseline,
    method: s.method,
    description: s.description,
    createdAt: s.createdAt,
    startedAt: s.startedAt,
    scoredAt: s.scoredAt,
    file: own && s.fileName ? { name: s.fileName, size: s.fileSize, details: s.fileDetails } : null,
    /** A baseline's own record (public: computed by the platform): device, timing, loss per epoch. */
    training: s.baseline && s.fileDetails ? baselineTraining(s.fileDetails) : null,
    claim: own || box.status === "revealed" ? s.claim : null,
    error: own ? s.error : s.status === "failed" ? { message: "Scoring failed." } : null,
    counted: own ? s.counted : undefined,
    evaluation,
  };
}

function baselineTraining(d: Record<string, unknown>) {
  const losses = Array.isArray(d.losses) ? (d.losses as number[]) : null;
  return {
    device: typeof d.device === "string" ? d.device : "cpu",
    backend: typeof d.backend === "string" ? d.backend : undefined,
    seconds:
      typeof d.trainSeconds === "number"
        ? d.trainSeconds
        : typeof d.seconds === "number"
          ? d.seconds
          : undefined,
    losses,
  };
}
