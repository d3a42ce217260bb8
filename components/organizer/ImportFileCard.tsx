"use client";
import type { StagedFile } from "@/lib/imports/staging";
import { ImportFilePreview } from "./ImportFilePreview";

export type Role = StagedFile["role"];

/** One file of an import: uploading (progress), refused (the server's message) or staged (preview). */
export type Entry = {
  id: number;
  name: string;
  size: number;
  progress: number | null;
  error?: string;
  staged?: StagedFile;
  role: Role;
};

export type ApiError = {
  error?: { message?: string; details?: { fields?: { field: string; message: string }[] } };
};

/** The envelope's message, plus the fields it does not already name. */
export function errorText(body: ApiError, status: number): string {
  const message = body.error?.message ?? `The request failed (HTTP ${status}).`;
  const fields = (body.error?.details?.fields ?? []).filter((f) => !message.includes(f.message));
  return [message, ...fields.map((f) => `${f.field}: ${f.message}`)].join(" — ");
}

/** Stream one file as the raw request body with XMLHttpRequest, which (unlike fetch) reports upload progress. */
export function stage(url: string, file: File, onProgress: (pct: number) => void) {
  return new Promise<{ ok: true; staged: StagedFile } | { ok: false; message: string }>((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${url}?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: StagedFile & ApiError = {} as StagedFile & ApiError;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // a proxy's HTML error page: fall through to the status line
      }
      if (xhr.status === 201 && body.upload) resolve({ ok: true, staged: body });
      else resolve({ ok: false, message: errorText(body, xhr.status) });
    };
    xhr.onerror = () => resolve({ ok: false, message: "The upload failed: the connection was lost." });
    xhr.send(file);
  });
}

/** A file's card: name, upload progress or the server's error, then the summary, role and preview. */
export function ImportFileCard({
  f,
  format,
  formatLabel,
  roles,
  locked,
  onRole,
  onRemove,
}: {
  f: Entry;
  format: string;
  formatLabel: string;
  roles: readonly Role[];
  locked: boolean;
  onRole: (role: Role) => void;
  onRemove: () => void;
}) {
  return (
    <section className="card" aria-label={`File ${f.name}`}>
      <div className="row">
        <strong>{f.name}</strong>
        <span className="muted">{(f.size / 1e6).toFixed(2)} MB</span>
        {f.staged && <span className="badge">{f.staged.format}</span>}
        {!locked && (
          <button type="button" className="secondary" onClick={onRemove}>
            Remove {f.name}
          </button>
        )}
      </div>
      {f.progress !== null && (
        <div
          className="progress"
          role="progressbar"
          aria-label={`Upload of ${f.name}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={f.progress}
        >
          <div style={{ width: `${f.progress}%` }} />
          <span>{f.progress < 100 ? `${f.progress}%` : "checking…"}</span>
        </div>
      )}
      {f.error && (
        <p role="alert" className="error">
          {f.error}
        </p>
      )}
      {f.staged && (
        <>
          <p>{f.staged.summary}</p>
          {f.staged.format !== format && !(format === "lhco" && f.staged.format === "masterkey") && (
            <p className="error">
              This is a {f.staged.format} file, but the format chosen is {formatLabel}.
            </p>
          )}
          <label className="inline">
            Role of {f.name}
            <select value={f.role} disabled={locked} onChange={(e) => onRole(e.target.value as Role)}>
              {[...new Set([...roles, f.role])].map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <ImportFilePreview name={f.name} preview={f.staged} />
        </>
      )}
    </section>
  );
}
