import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { blackBoxes, jobs, submissions } from "@/lib/db/schema";
import { env, resetEnvCache } from "@/lib/env";
import { blobStore } from "@/lib/storage";
import { SWEEP_MIN_AGE_MS, sweepOrphanBlobs } from "@/lib/storage/sweep";
import { startWorker } from "@/lib/jobs/runner";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";

// Issue 18 item 5: blobs an interrupted upload left behind are swept after an hour; a blob a row
// refers to never is, however old.

const RUN = Math.random().toString(36).slice(2);
let n = 0;
/** A new blob (bytes unique to this run), optionally made `ageMs` old. */
function blob(ageMs = 0): { sha: string; file: string } {
  const store = blobStore();
  const { sha256 } = store.put(new TextEncoder().encode(`blob ${RUN} ${++n}`));
  const file = store.pathOf(sha256);
  if (ageMs) age(file, ageMs);
  return { sha: sha256, file };
}
function age(file: string, ms: number) {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(file, t, t);
}
const OLD = SWEEP_MIN_AGE_MS + 60_000;

describe.each(testDatabases())("blob sweep on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
    // A data dir of its own: the other database's rows do not refer to this one's blobs.
    process.env.ARENA_DATA_DIR = fs.mkdtempSync(path.join(env().dataDir, "sweep-"));
    resetEnvCache();
  });
  afterAll(async () => {
    await h.close();
  });

  it("removes unreferenced blobs and partial files older than an hour, and nothing else", async () => {
    const org = await makeUser(h.db, "organizer");
    const c = await createChallenge(h.db, org, { slug: `sweep-${n}`, title: "Sweep" });
    // Every column that names a blob, each pointing at an old one.
    const refs = {
      publicBlob: blob(OLD),
      truthBlob: blob(OLD),
      columns: blob(OLD),
      importSource: blob(OLD),
      upload: blob(OLD),
      scores: blob(OLD),
    };
    const [box] = await h.db
      .insert(blackBoxes)
      .values({
        challengeId: c.id,
        slug: `bb${n}`,
        title: "Box",
        publicBlob: refs.publicBlob.sha,
        truthBlob: refs.truthBlob.sha,
        scoringColumns: { feature: "mjj", blob: refs.columns.sha },
        spec: {
          import: {
            format: "lhco",
            sources: [{ role: "background", name: "a.h5", blob: refs.importSource.sha }],
          },
          seed: 1,
        },
      })
      .returning();
    await h.db.insert(submissions).values({
      blackBoxId: box!.id,
      baseline: "test",
      kind: "scores",
      blob: refs.upload.sha,
      scoresBlob: refs.scores.sha,
    });
    const oldOrphan = blob(OLD);
    const freshOrphan = blob(SWEEP_MIN_AGE_MS - 60_000);
    // An old orphan whose bytes are uploaded again (the new row not committed yet) is young again.
    const reused = blob(OLD);
    const store = blobStore();
    store.put(fs.readFileSync(reused.file));
    const oldPartial = `${oldOrphan.file}.123.abcdef.tmp`;
    const freshPartial = `${freshOrphan.file}.123.abcdef.tmp`;
    const oldBuild = path.join(store.root, "build-x-1.h5.tmp");
    for (const f of [oldPartial, freshPartial, oldBuild]) fs.writeFileSync(f, "partial");
    age(oldPartial, OLD);
    age(oldBuild, OLD);

    const r = await sweepOrphanBlobs(h.db, store);
    expect(fs.existsSync(oldOrphan.file)).toBe(false);
    expect(fs.existsSync(oldPartial)).toBe(false);
    expect(fs.existsSync(oldBuild)).toBe(false);
    for (const { file } of Object.values(refs)) expect(fs.existsSync(file)).toBe(true);
    expect(fs.existsSync(freshOrphan.file)).toBe(true);
    expect(fs.existsSync(reused.file)).toBe(true);
    expect(fs.existsSync(freshPartial)).toBe(true);
    expect(r).toMatchObject({ orphans: 1, partials: 2 });
    expect(r.kept).toBeGreaterThanOrEqual(2);

    // The worker's sweep: the same, logged with its counts; the fresh orphan, once old, goes too.
    age(freshOrphan.file, OLD);
    const lines: string[] = [];
    const worker = await startWorker({
      db: h.db,
      mode: "embedded",
      leaseSeconds: 30,
      pollMs: 50,
      definitions: {},
      log: (l) => lines.push(l),
    });
    try {
      await worker.sweep();
    } finally {
      await worker.stop();
    }
    expect(fs.existsSync(freshOrphan.file)).toBe(false);
    expect(lines.some((l) => /blob sweep removed 1 orphaned blobs and 0 partial files/.test(l))).toBe(true);
    for (const { file } of Object.values(refs)) expect(fs.existsSync(file)).toBe(true);
  });

  it("keeps what was written after the oldest running job started (a build records its files last)", async () => {
    const orphan = blob(2 * OLD);
    const [job] = await h.db
      .insert(jobs)
      .values({
        kind: "blackbox-build",
        status: "running",
        startedAt: new Date(Date.now() - 3 * OLD),
        leaseExpiresAt: sql`now() + interval '1 minute'`,
      })
      .returning();
    await sweepOrphanBlobs(h.db, blobStore());
    expect(fs.existsSync(orphan.file)).toBe(true);
    await h.db.delete(jobs).where(eq(jobs.id, job!.id));
    await sweepOrphanBlobs(h.db, blobStore());
    expect(fs.existsSync(orphan.file)).toBe(false);
  });
});
