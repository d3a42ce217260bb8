"use client";
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { DropZone } from "@/components/ui/DropZone";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { errorParts, postWithProgress } from "@/components/ui/upload";
import { nextQuotaReset, type QuotaState } from "@/lib/submissions/quota";
import { ClaimFields, type ClaimDraft, claimFromForm, EMPTY_CLAIM } from "./ClaimFields";
import { quotaNotice } from "./quota-notice";
import { type SubmissionJson, TeamSubmissionsTable } from "./TeamSubmissionsTable";

type Kind = "scores" | "top-ids" | "claim";

export type BoxSubmissionsProps = {
  /** `/api/v1/challenges/{slug}/boxes/{box}/submissions` */
  apiPath: string;
  /** Whether the box accepts submissions now (the server checks again on upload). */
  open: boolean;
  formats: { scores: string; topIds: string };
  topK: number;
  maxUploadMB: number;
  teamName: string;
  initial: { quota: QuotaState | null; submissions: SubmissionJson[] };
};

const POLL_MS = 1500;

const KINDS: { value: Kind; label: string }[] = [
  { value: "scores", label: "Per-event anomaly scores" },
  { value: "top-ids", label: "Top-K event IDs" },
  { value: "claim", label: "Resonance claim" },
];

type Outcome = { ok: true; id: string } | { ok: false; message: string; fields?: string[] };

/** POST the form, reporting upload progress. */
async function send(url: string, form: FormData, onProgress: (pct: number) => void): Promise<Outcome> {
  const res = await postWithProgress<{ submission?: { id: string } }>(url, form, onProgress);
  if (res.status === 201 && res.body.submission) return { ok: true, id: res.body.submission.id };
  // the message usually names the field already; list only what it does not say
  const { message, fields } = errorParts(res.body, res.status, "The upload");
  return { ok: false, message, fields };
}

function QuotaLine({ q }: { q: QuotaState | null }) {
  if (!q) return null;
  return (
    <p className="quota" data-testid="quota">
      <strong>
        {q.remaining} of {q.perDay} left today
      </strong>{" "}
      <span className="muted">
        ({q.usedTotal} of {q.total} used in all; the daily quota resets at 00:00 UTC, failed scoring is not
        counted)
      </span>
    </p>
  );
}

/**
 * The box page's participant panel: the "Submit" card (scores, top-K ids or a claim, uploaded with a
 * progress bar) and the team's submissions, polled while any is queued or scoring. With no upload
 * left the form is disabled and says why and when the daily quota resets (the server refuses such
 * an upload anyway: this only spares the team a wasted upload); at the reset the quota is read again.
 */
export function BoxSubmissions(props: BoxSubmissionsProps) {
  const { apiPath, open, formats, topK, maxUploadMB, teamName } = props;
  const [subs, setSubs] = useState(props.initial.submissions);
  const [quota, setQuota] = useState(props.initial.quota);
  const [kind, setKind] = useState<Kind>("scores");
  const [file, setFile] = useState<File | null>(null);
  const [method, setMethod] = useState("");
  const [description, setDescription] = useState("");
  const [claim, setClaim] = useState<ClaimDraft>(EMPTY_CLAIM);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const fileId = useId();
  // The browser's clock, for the countdown to the reset (unset while rendered on the server).
  const [now, setNow] = useState<Date | undefined>(undefined);
  const notice = quota ? quotaNotice(quota, now) : null;
  const blocked = notice !== null;

  const refresh = useCallback(async () => {
    const res = await fetch(apiPath, { cache: "no-store", headers: { accept: "application/json" } });
    if (!res.ok) return;
    const body = (await res.json()) as { quota: QuotaState | null; submissions: SubmissionJson[] };
    setSubs(body.submissions);
    setQuota(body.quota);
  }, [apiPath]);

  const pending = subs.some((s) => s.status === "queued" || s.status === "scoring");
  useEffect(() => {
    if (!pending) return;
    const t = setInterval(() => {
      refresh().catch(() => undefined);
    }, POLL_MS);
    return () => clearInterval(t);
  }, [pending, refresh]);

  useEffect(() => {
    if (!blocked) return;
    setNow(new Date());
    const tick = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(tick);
  }, [blocked]);
  const dailyBlock = blocked && quota !== null && quota.usedTotal < quota.total;
  useEffect(() => {
    if (!dailyBlock) return;
    // A second past 00:00 UTC, so the server counts the new day.
    const t = setTimeout(
      () => {
        refresh().catch(() => undefined);
      },
      nextQuotaReset().getTime() - Date.now() + 1000,
    );
    return () => clearTimeout(t);
  }, [dailyBlock, refresh]);

  const pick = (f: File | null) => {
    setFile(f);
    setOutcome(null);
  };

  const onDrop = (files: FileList) => {
    if (fileInput.current) fileInput.current.files = files;
    pick(files[0] ?? null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setOutcome(null);
    if (blocked) return;
    const form = new FormData();
    form.set("kind", kind);
    form.set("method", method);
    form.set("description", description);
    if (kind === "claim") form.set("claim", JSON.stringify(claimFromForm(claim)));
    else {
      if (!file) {
        setOutcome({ ok: false, message: "Choose a file to upload first." });
        return;
      }
      form.set("file", file, file.name);
    }
    setProgress(0);
    const result = await send(apiPath, form, setProgress);
    setProgress(null);
    setOutcome(result);
    if (result.ok) {
      setFile(null);
      if (fileInput.current) fileInput.current.value = "";
      if (kind === "claim") setClaim(EMPTY_CLAIM);
    }
    await refresh().catch(() => undefined);
  };

  const uploading = progress !== null;
  const fileLabel = kind === "scores" ? "Scores file" : "Event IDs file";
  return (
    <>
      {open ? (
        <section className="card" aria-labelledby="submit-heading">
          <h2 id="submit-heading">Submit</h2>
          <p className="muted">
            As <strong>{teamName}</strong>. Every upload is checked right away; a refused one costs no quota.
          </p>
          <QuotaLine q={quota} />
          {notice && (
            <p role="status" className="card quota-block" data-testid="quota-block">
              {notice}
            </p>
          )}
          <form className="stack wide" onSubmit={submit} noValidate>
            <fieldset className="bare stack" disabled={blocked}>
              <fieldset>
                <legend>What you submit</legend>
                <div className="row">
                  {KINDS.map((k) => (
                    <label key={k.value} className="check">
                      <input
                        type="radio"
                        name="kind"
                        value={k.value}
                        checked={kind === k.value}
                        onChange={() => {
                          setKind(k.value);
                          setOutcome(null);
                        }}
                      />
                      {k.label}
                    </label>
                  ))}
                </div>
              </fieldset>

              {kind === "claim" ? (
                <ClaimFields draft={claim} onChange={setClaim} />
              ) : (
                <DropZone onFiles={onDrop} disabled={blocked}>
                  <label htmlFor={fileId}>{fileLabel}</label>
                  <p id={`${fileId}-hint`} className="hint">
                    Drop the file here or choose it.{" "}
                    {kind === "scores"
                      ? `One score per event, higher = more anomalous: ${formats.scores}.`
                      : `Exactly ${topK.toLocaleString("en-US")} unique event ids: ${formats.topIds}.`}{" "}
                    At most {maxUploadMB} MB.
                  </p>
                  <input
                    id={fileId}
                    ref={fileInput}
                    type="file"
                    name="file"
                    aria-describedby={`${fileId}-hint`}
                    onChange={(e) => pick(e.target.files?.[0] ?? null)}
                  />
                  {file && (
                    <p className="muted">
                      {file.name} · {(file.size / 1e6).toFixed(2)} MB
                    </p>
                  )}
                </DropZone>
              )}

              <label>
                Method
                <span className="hint">A short name shown on the leaderboard, e.g. "CWoLa hunting".</span>
                <input value={method} maxLength={120} onChange={(e) => setMethod(e.target.value)} />
              </label>
              <label>
                Description
                <span className="hint">Optional: what you did, for the organizers and the reveal.</span>
                <textarea
                  value={description}
                  maxLength={4000}
                  onChange={(e) => setDescription(e.target.value)}
                />
              </label>

              <div className="row">
                <button type="submit" disabled={uploading || blocked}>
                  {uploading ? "Uploading…" : "Upload"}
                </button>
                {uploading && <ProgressBar label="Upload progress" value={progress} />}
              </div>
              <div aria-live="polite">
                {outcome && !outcome.ok && (
                  <div role="alert" className="error">
                    <p>{outcome.message}</p>
                    {outcome.fields && outcome.fields.length > 0 && (
                      <ul>
                        {outcome.fields.map((f) => (
                          <li key={f}>{f}</li>
                        ))}
                      </ul>
                    )}
                  </div>
                )}
                {outcome?.ok && (
                  <p className="success">
                    Accepted and queued for scoring.{" "}
                    <Link href={`/submissions/${outcome.id}`}>Follow it here</Link> or below.
                  </p>
                )}
              </div>
            </fieldset>
          </form>
        </section>
      ) : (
        <p className="card muted">This black box does not accept submissions now.</p>
      )}

      <section aria-labelledby="team-subs">
        <h2 id="team-subs">Your team's submissions</h2>
        <TeamSubmissionsTable submissions={subs} />
      </section>
    </>
  );
}
