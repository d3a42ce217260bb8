import Link from "next/link";
import type { Metrics } from "@/lib/db/json-metrics";
import type { SubmissionView } from "@/lib/submissions/views";
import { AutoRefresh } from "./AutoRefresh";
import { ClaimSection } from "./ClaimSection";
import { DiscoverySection } from "./DiscoverySection";
import { fmtSeconds, fmtTime, KIND_LABEL } from "./format";
import { SubmissionStatus } from "./SubmissionStatus";
import { TopKSection } from "./TopKSection";
import { TrainingPlot } from "./TrainingPlot";
import { TruthSection } from "./TruthSection";

/** One submission as getSubmission shows it to this viewer (team view or the public, reduced one). */
export function SubmissionDetail({ challenge, s }: { challenge: string; s: SubmissionView }) {
  const boxPath = `/challenges/${challenge}/boxes/${s.box}`;
  const ev = s.evaluation;
  const m: Metrics = ev?.metrics ?? {};
  const who = s.team?.name ?? (s.baseline ? `Baseline: ${s.baseline}` : "—");
  const timings = Object.entries(ev?.timings ?? {});
  return (
    <>
      <p>
        <Link href={boxPath}>← {s.box}</Link> ·{" "}
        <Link href={`${boxPath}/leaderboard?kind=${s.kind}`}>Leaderboard</Link>
      </p>
      <div className="row">
        <h1>{s.method || KIND_LABEL[s.kind] || "Submission"}</h1>
        <SubmissionStatus status={s.status} />
        <span className="badge">{KIND_LABEL[s.kind] ?? s.kind}</span>
      </div>
      {(s.status === "queued" || s.status === "scoring") && <AutoRefresh />}
      <section className="card" aria-labelledby="about">
        <h2 id="about">Submission</h2>
        <dl className="facts">
          <dt>Team</dt>
          <dd>{who}</dd>
          <dt>Black box</dt>
          <dd>
            <Link href={boxPath}>
              {challenge} / {s.box}
            </Link>
          </dd>
          <dt>Method</dt>
          <dd>{s.method || "—"}</dd>
          <dt>Status</dt>
          <dd>{s.status}</dd>
          <dt>Submitted</dt>
          <dd>{fmtTime(s.createdAt)}</dd>
          <dt>Scoring started</dt>
          <dd>{fmtTime(s.startedAt)}</dd>
          <dt>Scored</dt>
          <dd>{fmtTime(s.scoredAt)}</dd>
          {s.file && (
            <>
              <dt>File</dt>
              <dd>
                {s.file.name}
                {s.file.size !== null && ` · ${(s.file.size / 1e6).toFixed(2)} MB`}
              </dd>
            </>
          )}
          {ev && (
            <>
              <dt>Device</dt>
              <dd>{ev.device}</dd>
              <dt>Scorer version</dt>
              <dd>
                <code>{ev.scorerVersion}</code>
              </dd>
              <dt>Evaluated</dt>
              <dd>
                {fmtTime(ev.createdAt)}
                {ev.withTruth ? " · with truth" : " · truth-free"}
              </dd>
              {timings.length > 0 && (
                <>
                  <dt>Timings</dt>
                  <dd>{timings.map(([k, v]) => `${k} ${fmtSeconds(v)}`).join(" · ")}</dd>
                </>
              )}
            </>
          )}
          {s.counted === false && (
            <>
              <dt>Quota</dt>
              <dd>not counted (refunded)</dd>
            </>
          )}
        </dl>
        {s.description && <pre className="desc">{s.description}</pre>}
      </section>

      {s.status === "failed" && (
        <div role="alert" className="card error">
          <strong>Scoring failed.</strong> {String(s.error?.message ?? "")}
        </div>
      )}

      {s.training?.losses && (
        <TrainingPlot
          losses={s.training.losses}
          device={s.training.device}
          backend={s.training.backend}
          seconds={s.training.seconds}
        />
      )}
      {s.kind === "scores" && m.discovery && <DiscoverySection d={m.discovery} />}
      {s.kind === "scores" && m.discoveryNotApplicable && (
        <section>
          <h2>Discovery significance</h2>
          <p className="muted">Not applicable: {m.discoveryNotApplicable}.</p>
        </section>
      )}
      {s.kind === "scores" && m.truth && <TruthSection t={m.truth} />}
      {s.kind === "claim" && s.status !== "failed" && <ClaimSection claim={s.claim} score={m.claim} />}
      {s.kind === "top-ids" && s.status === "scored" && <TopKSection k={m.topK} />}
    </>
  );
}
