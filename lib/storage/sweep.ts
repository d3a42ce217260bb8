import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { rowsOf } from "@/lib/db/rows";
import type { BlobStore } from "./blobs";

/** Blobs and partial files younger than this are never swept: an upload may not have committed yet. */
export const SWEEP_MIN_AGE_MS = 3600 * 1000;

const SHA = /^[0-9a-f]{64}$/;
const HEX64 = "[0-9a-f]{64}";

/**
 * Every blob a row refers to: boxes' public, truth and column-cache files, the source files an
 * imported box names in its spec, submissions' uploads and normalized scores — and, to be safe, any
 * digest written in a box spec or in the payload of a job that is not finished.
 */
export async function referencedBlobs(db: Db): Promise<Set<string>> {
  const rows = await db.execute<{ b: string | null }>(sql`
    select public_blob as b from black_boxes
    union select truth_blob from black_boxes
    union select scoring_columns->>'blob' from black_boxes
    union select (regexp_matches(spec::text, ${HEX64}, 'g'))[1] from black_boxes where spec is not null
    union select blob from submissions
    union select scores_blob from submissions
    union select (regexp_matches(payload::text, ${HEX64}, 'g'))[1] from jobs
      where status in ('queued', 'running')`);
  return new Set(
    rowsOf<{ b: string | null }>(rows)
      .map((r) => r.b)
      .filter((b): b is string => typeof b === "string"),
  );
}

/**
 * When the oldest job that is still running started: a job (a box build) stores its files first
 * and records them in its row at the end, so anything written since then may be about to be used.
 */
async function oldestRunningStart(db: Db): Promise<number | undefined> {
  const rows = await db.execute<{ t: Date | string | null }>(
    sql`select min(started_at) as t from jobs where status = 'running' and lease_expires_at > now()`,
  );
  const t = rowsOf<{ t: Date | string | null }>(rows)[0]?.t;
  return t ? new Date(t).getTime() : undefined;
}

export type SweepResult = { orphans: number; partials: number; kept: number };

/**
 * Remove what an interrupted write left in the blob store: blobs no row refers to, and `.tmp`
 * partial files, both only when last modified more than `minAgeMs` ago (and before the oldest
 * running job started). A referenced blob is never removed. An upload killed before its
 * transaction committed leaves exactly such an orphan; a store that receives the same bytes again
 * touches the file (BlobStore.put), so an old orphan being reused is young again and stays.
 * `kept`: unreferenced blobs left because they are too young.
 */
export async function sweepOrphanBlobs(
  db: Db,
  store: BlobStore,
  opts: { minAgeMs?: number; now?: number } = {},
): Promise<SweepResult> {
  const result: SweepResult = { orphans: 0, partials: 0, kept: 0 };
  if (!fs.existsSync(store.root)) return result;
  // References first, then the files: a blob stored after this query is young, so it stays.
  const referenced = await referencedBlobs(db);
  const running = await oldestRunningStart(db);
  const now = opts.now ?? Date.now();
  const cutoff = Math.min(now - (opts.minAgeMs ?? SWEEP_MIN_AGE_MS), running ?? Number.POSITIVE_INFINITY);
  const old = (p: string) => {
    try {
      return fs.statSync(p).mtimeMs < cutoff;
    } catch {
      return false; // gone meanwhile
    }
  };
  const visit = (dir: string, prefix: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (prefix === "" && /^[0-9a-f]{2}$/.test(e.name)) visit(p, e.name);
        continue;
      }
      if (!e.isFile()) continue;
      if (e.name.endsWith(".tmp")) {
        if (old(p)) {
          fs.rmSync(p, { force: true });
          result.partials += 1;
        }
        continue;
      }
      const sha = prefix + e.name;
      if (prefix === "" || !SHA.test(sha) || referenced.has(sha)) continue;
      // stat just before removing: a blob stored again since the query above is young again
      if (old(p)) {
        fs.rmSync(p, { force: true });
        result.orphans += 1;
      } else result.kept += 1;
    }
  };
  visit(store.root, "");
  return result;
}
