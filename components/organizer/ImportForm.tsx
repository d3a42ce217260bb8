"use client";
import Link from "next/link";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { DropZone } from "@/components/ui/DropZone";
import { IMPORT_FORMATS, IMPORT_ROLES, type ImportFormat } from "@/lib/imports/types";
import { errorText } from "@/components/ui/upload";
import { type Entry, ImportFileCard, stage } from "./ImportFileCard";

const FORMATS: Record<ImportFormat, { label: string; help: string }> = {
  lhco: {
    label: "LHCO",
    help: "LHC Olympics: one events .h5 (700 particles per event), plus the masterkey when it has no label column.",
  },
  adc2021: {
    label: "ADC2021",
    help: "Anomaly Detection Challenge 2021: one background .h5 and any number of signal .h5 files.",
  },
  darkmachines: {
    label: "Dark Machines",
    help: "Dark Machines: background and signal CSV files (';'-separated events, MeV).",
  },
};

type JobStatus = {
  status: "queued" | "running" | "completed" | "dead";
  progress: { step: number; of: number; message: string } | null;
  error: string | null;
  box: { slug: string; buildStatus: string; eventCount: number | null } | null;
};

const POLL_MS = 1000;

/**
 * The organizer's import page: pick a format, upload the files (each staged and previewed by the
 * server at once), name the box and build it, following the build job until the box is ready.
 */
export function ImportForm({ challengeSlug }: { challengeSlug: string }) {
  const api = `/api/v1/challenges/${challengeSlug}/imports`;
  const [format, setFormat] = useState<ImportFormat>("lhco");
  const [entries, setEntries] = useState<Entry[]>([]);
  const [fields, setFields] = useState({ slug: "", title: "", description: "", mode: "blind" });
  const [masses, setMasses] = useState<Record<number, string>>({});
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [boxSlug, setBoxSlug] = useState("");
  const [job, setJob] = useState<JobStatus | null>(null);
  const nextId = useRef(0);
  const fileId = useId();
  const spec = FORMATS[format];
  const roles = IMPORT_ROLES[format];

  const update = (id: number, patch: Partial<Entry>) =>
    setEntries((es) => es.map((e) => (e.id === id ? { ...e, ...patch } : e)));

  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const id = nextId.current++;
      setEntries((es) => [
        ...es,
        { id, name: file.name, size: file.size, progress: 0, role: roles[0] ?? "events" },
      ]);
      setFormError(null);
      stage(`${api}/files`, file, (progress) => update(id, { progress })).then((r) =>
        update(
          id,
          r.ok
            ? { progress: null, staged: r.staged, role: r.staged.role }
            : { progress: null, error: r.message },
        ),
      );
    }
  };

  // Follow the build job until it completes or dies; one request at a time.
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const res = await fetch(`${api}/${jobId}`, {
          cache: "no-store",
          headers: { accept: "application/json" },
        });
        const body = await res.json();
        // 4xx: this job is not ours to follow (gone, or the session ended); 5xx: try again.
        if (res.status >= 400 && res.status < 500) return setFormError(errorText(body, res.status));
        if (res.ok) {
          setJob(body as JobStatus);
          if (body.status === "completed" || body.status === "dead") return;
        }
      } catch {
        // a dropped connection: try again on the next tick
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, jobId]);

  const staged = entries.filter((e) => e.staged);
  const uploading = entries.some((e) => e.progress !== null);
  // Signal labels the files count (LHCO label column or masterkey); else the usual two.
  const labels = [
    ...new Set(
      staged.flatMap((e) =>
        Object.keys(e.staged?.counts ?? {})
          .map((k) => /^label (\d+)$/.exec(k)?.[1])
          .filter((l): l is string => l !== undefined && l !== "0")
          .map(Number),
      ),
    ),
  ].sort((a, b) => a - b);
  const signalLabels = labels.length > 0 ? labels : [1, 2];

  const build = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    const wrong = staged.find((s) => !roles.includes(s.role));
    if (staged.length === 0) return setFormError("Upload at least one file first.");
    if (wrong)
      return setFormError(
        `${wrong.name}: role ${wrong.role} is not one ${spec.label} takes (${roles.join(", ")}).`,
      );
    const signals =
      format === "lhco"
        ? signalLabels
            .filter((l) => masses[l]?.trim())
            .map((label) => ({ label, mass: Number(masses[label]) }))
        : [];
    setSubmitting(true);
    try {
      const res = await fetch(api, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          ...fields,
          format,
          files: staged.map((s) => ({ upload: s.staged?.upload, role: s.role })),
          ...(signals.length > 0 ? { signals } : {}),
        }),
      });
      const body = await res.json().catch(() => ({}));
      if (res.status !== 202) return setFormError(errorText(body, res.status));
      setBoxSlug(body.box.slug);
      setJobId(body.jobId);
    } catch {
      setFormError("The request failed: the connection was lost.");
    } finally {
      setSubmitting(false);
    }
  };

  const restart = () => {
    setEntries([]);
    setJobId(null);
    setJob(null);
    setFormError(null);
  };

  const locked = jobId !== null;
  const boxHref = `/challenges/${challengeSlug}/boxes/${job?.box?.slug ?? boxSlug}`;
  return (
    <form className="stack wide" onSubmit={build} noValidate>
      <fieldset className="stack" disabled={locked}>
        <legend>Format</legend>
        {IMPORT_FORMATS.map((value) => ({ value, ...FORMATS[value] })).map((f) => (
          <div key={f.value}>
            <label className="check">
              <input
                type="radio"
                name="format"
                value={f.value}
                checked={format === f.value}
                aria-describedby={`${fileId}-${f.value}`}
                onChange={() => setFormat(f.value)}
              />
              {f.label}
            </label>
            <p id={`${fileId}-${f.value}`} className="hint">
              {f.help}
            </p>
          </div>
        ))}
      </fieldset>

      <DropZone onFiles={add} disabled={locked}>
        <label htmlFor={fileId}>Add files</label>
        <p id={`${fileId}-hint`} className="hint">
          Drop files here or choose them; each is uploaded and checked at once.
        </p>
        <input
          id={fileId}
          type="file"
          multiple
          disabled={locked}
          aria-describedby={`${fileId}-hint`}
          onChange={(e) => {
            add(e.target.files);
            e.target.value = "";
          }}
        />
      </DropZone>

      {entries.map((f) => (
        <ImportFileCard
          key={f.id}
          f={f}
          format={format}
          formatLabel={spec.label}
          roles={roles}
          locked={locked}
          onRole={(role) => update(f.id, { role })}
          onRemove={() => setEntries((es) => es.filter((e) => e.id !== f.id))}
        />
      ))}

      <fieldset className="stack" disabled={locked}>
        <legend>The box</legend>
        <label>
          Slug <span className="hint">lowercase letters, digits and dashes</span>
          <input
            required
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            value={fields.slug}
            onChange={(e) => setFields({ ...fields, slug: e.target.value })}
          />
        </label>
        <label>
          Title
          <input
            required
            value={fields.title}
            onChange={(e) => setFields({ ...fields, title: e.target.value })}
          />
        </label>
        <label>
          Description <span className="hint">optional; shown on the box page</span>
          <textarea
            value={fields.description}
            onChange={(e) => setFields({ ...fields, description: e.target.value })}
          />
        </label>
        <label>
          Mode
          <select value={fields.mode} onChange={(e) => setFields({ ...fields, mode: e.target.value })}>
            <option value="blind">blind — truth hidden until the reveal</option>
            <option value="practice">practice — labels public from opening</option>
          </select>
        </label>
        {format === "lhco" &&
          signalLabels.map((l) => (
            <label key={l}>
              Signal mass, label {l} (GeV){" "}
              <span className="hint">optional; claims are matched against it</span>
              <input
                type="number"
                min={0}
                value={masses[l] ?? ""}
                onChange={(e) => setMasses({ ...masses, [l]: e.target.value })}
              />
            </label>
          ))}
      </fieldset>

      <div className="row">
        <button type="submit" disabled={locked || submitting || uploading}>
          {submitting ? "Starting…" : "Build box"}
        </button>
        {locked && job?.status !== "completed" && job?.status !== "dead" && (
          <div
            className="progress"
            role="progressbar"
            aria-label="Build progress"
            aria-valuemin={0}
            aria-valuemax={job?.progress?.of ?? 1}
            aria-valuenow={job?.progress?.step ?? 0}
          >
            <div style={{ width: `${(100 * (job?.progress?.step ?? 0)) / (job?.progress?.of || 1)}%` }} />
          </div>
        )}
      </div>

      <div aria-live="polite" data-testid="import-status">
        {formError && (
          <p role="alert" className="error">
            {formError}
          </p>
        )}
        {locked && !job && <p>Build queued…</p>}
        {job && (job.status === "queued" || job.status === "running") && (
          <p>{job.progress?.message ?? (job.status === "queued" ? "Build queued…" : "Building…")}</p>
        )}
        {job?.status === "completed" && (
          <p className="success">
            Built {job.box?.slug}: {job.box?.eventCount ?? "?"} events.{" "}
            <Link href={boxHref}>Open the box page</Link> ·{" "}
            <Link href={`/challenges/${challengeSlug}/settings`}>Back to the settings</Link> (open it there)
          </p>
        )}
        {job?.status === "dead" && (
          <div role="alert" className="error">
            <p>The build failed: {job.error}</p>
            <p>The box was not kept. Fix the files, upload them again and build again.</p>
          </div>
        )}
      </div>
      {(job?.status === "completed" || job?.status === "dead") && (
        <div className="row">
          <button type="button" className="secondary" onClick={restart}>
            Import another
          </button>
        </div>
      )}
    </form>
  );
}
