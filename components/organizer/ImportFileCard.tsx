"use client";
import { ProgressBar } from "@/components/ui/ProgressBar";
import { errorText, postWithProgress } from "@/components/ui/upload";
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

/** Stream one file as the raw request body, reporting upload progress. */
export async function stage(
  url: string,
  file: File,
  onProgress: (pct: number) => void,
): Promise<{ ok: true; staged: StagedFile } | { ok: false; message: string }> {
  const res = await postWithProgress<StagedFile>(
    `${url}?name=${encodeURIComponent(file.name)}`,
    file,
    onProgress,
    "application/octet-stream",
  );
  if (res.status === 201 && res.body.upload) return { ok: true, staged: res.body };
  return { ok: false, message: errorText(res.body, res.status) };
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
        <ProgressBar
          label={`Upload of ${f.name}`}
          value={f.progress}
          text={f.progress < 100 ? undefined : "checking…"}
        />
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
