import type { BlackBox, Submission } from "@/lib/db/schema";
import type { FileDetails } from "@/lib/db/json";
import {
  type CompactMetrics,
  type Metrics,
  type RankMetrics,
  type Timings,
  TRUTH_KEYS,
} from "@/lib/db/json-metrics";
import { truthVisible } from "@/lib/blackboxes/lifecycle";

/** An evaluation as stored (`evaluations` row); `metrics` the full metrics or the leaderboard's slice. */
export type EvaluationRow<M extends Metrics | RankMetrics = Metrics> = {
  metrics: M;
  withTruth: boolean;
  scorerVersion: string;
  device: string;
  timings: Timings | null;
  createdAt: Date;
};

/**
 * What a viewer may see of an evaluation. The worker computes truth metrics only where the truth is
 * public (practice boxes, revealed boxes), so a sealed box's evaluations hold none; this filter is the
 * second wall: it drops every truth-dependent key unless truthVisible(box) for this viewer.
 */
export function evaluationView<M extends Metrics | RankMetrics>(
  e: EvaluationRow<M> | undefined,
  box: Pick<BlackBox, "status" | "mode">,
) {
  if (!e) return null;
  const open = truthVisible(box, false);
  const metrics = { ...e.metrics };
  if (!open) for (const k of TRUTH_KEYS) delete metrics[k];
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
export function compactMetrics(metrics: Metrics): CompactMetrics {
  const { discovery: d, truth: t } = metrics;
  const out: CompactMetrics = { ...metrics };
  if (d)
    out.discovery = {
      method: d.method,
      summary: d.summary ?? null,
      ...(d.summaryReason ? { summaryReason: d.summaryReason } : {}),
      device: d.device,
    };
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
) {
  const own = viewer === "team";
  const evaluation = evaluationView(evaluation0, box);
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

/**
 * A submission as lists show it (a team's submissions, "my submissions"): submissionView with the
 * evaluation's metrics compacted (compactMetrics).
 */
export function submissionListView(...args: Parameters<typeof submissionView>) {
  const view = submissionView(...args);
  const e = view.evaluation;
  return { ...view, evaluation: e && { ...e, metrics: compactMetrics(e.metrics) } };
}
export type SubmissionListView = ReturnType<typeof submissionListView>;

function baselineTraining(d: FileDetails) {
  const losses = Array.isArray(d.losses) ? d.losses : null;
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
