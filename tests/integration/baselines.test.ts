import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { blackBoxes, evaluations, jobs, submissions } from "@/lib/db/schema";
import { readNpy } from "@/core/formats/npy";
import { jobs as kinds } from "@/lib/jobs/definitions";
import { activeBaselineJobs, enqueue } from "@/lib/jobs/queue";
import { blobStore } from "@/lib/storage";
import { boxLeaderboard } from "@/lib/submissions/queries";
import { requestBaselines } from "@/lib/submissions/rescore";
import { mahalanobisBaseline } from "@/scorer/baselines";
import { readPublicFeatures } from "@/scorer/baselines/public-file";
import { openSmallBox } from "../support/boxes";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";
import { drainJobs } from "../support/worker";

describe.each(testDatabases())("score baselines on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let box: Awaited<ReturnType<typeof openSmallBox>>;
  const ref = { challengeSlug: "base", boxSlug: "rnd" };
  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    await createChallenge(h.db, org, { slug: "base", title: "Baselines", status: "published" });
    box = await openSmallBox(h.db, org, "base", "rnd", { mode: "practice" });
    await drainJobs(h.db);
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it("opening a box queues the Mahalanobis and AE jobs; each ends as a scored baseline row with truth metrics", async () => {
    const baselineJobs = await h.db.select().from(jobs).where(eq(jobs.kind, "baseline"));
    expect(
      baselineJobs.map((j) => j.payload).sort((a, b) => String(a.method).localeCompare(String(b.method))),
    ).toEqual([
      { boxId: box.box.id, method: "ae" },
      { boxId: box.box.id, method: "mahalanobis" },
    ]);
    expect(baselineJobs.map((j) => j.status)).toEqual(["completed", "completed"]);
    const lb = await boxLeaderboard(h.db, null, ref, "scores");
    expect(lb.rows.map((r) => [r.rank, r.team, r.baseline])).toEqual([
      [null, null, "ae"],
      [null, null, "bump-hunt"],
      [null, null, "mahalanobis"],
    ]);
    // The autoencoder (CPU, wasm backend, 20 epochs): learned (loss fell), truth metrics on the row.
    const ae = lb.rows.find((r) => r.baseline === "ae")!;
    expect(ae.method).toBe("Dense autoencoder (reconstruction error)");
    expect(typeof ae.values.auc).toBe("number");
    const [aeSub] = await h.db.select().from(submissions).where(eq(submissions.id, ae.submissionId));
    const details = aeSub?.fileDetails as { losses: number[]; backend: string; device: string };
    expect(details).toMatchObject({ backend: "wasm", device: "cpu" });
    expect(details.losses).toHaveLength(20);
    expect(details.losses[19]!).toBeLessThan(details.losses[0]!);
    const maha = lb.rows.find((r) => r.baseline === "mahalanobis")!;
    expect(maha.method).toBe("Mahalanobis distance (no neural network)");
    // W' → X(500) Y(100): heavier, two-prong jets than QCD, so further from the bulk.
    expect(maha.values.auc).toBeGreaterThan(0.5);
    expect(maha.values.maxSic).toBeGreaterThan(0);
    expect(typeof maha.values.discoveryZ).toBe("number");
    const bump = lb.rows.find((r) => r.baseline === "bump-hunt")!;
    expect(bump.values.auc).toBeUndefined();
    const [sub] = await h.db.select().from(submissions).where(eq(submissions.id, maha.submissionId));
    expect(sub).toMatchObject({ teamId: null, kind: "scores", status: "scored", counted: false });
    expect(sub?.description).toMatch(/quadratic trend in ln mjj.*Computed on cpu in \d+\.\d\d s/);
    const [ev] = await h.db.select().from(evaluations).where(eq(evaluations.submissionId, sub!.id));
    expect(ev?.withTruth).toBe(true);
    expect(Object.keys(ev?.metrics ?? {}).sort()).toEqual(["discovery", "truth"]);
  });

  it("stores the scores in public-file order, as the offline computation gives them", async () => {
    const [sub] = await h.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.blackBoxId, box.box.id), eq(submissions.baseline, "mahalanobis")));
    const stored = readNpy(blobStore().read(sub!.scoresBlob!), "m.npy").scores;
    const pf = await readPublicFeatures(blobStore().read(box.box.publicBlob!), "public.h5");
    expect(stored).toEqual(mahalanobisBaseline(pf.features, pf.names, pf.n).scores);
    expect(stored.length).toBe(box.eventIds.length);
  });

  it("running the job again adds no row and no scoring", async () => {
    await enqueue(h.db, kinds.baseline, { boxId: box.box.id, method: "mahalanobis" });
    await drainJobs(h.db);
    const rows = await h.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.blackBoxId, box.box.id), isNull(submissions.teamId)));
    expect(rows.map((r) => r.baseline).sort()).toEqual(["ae", "bump-hunt", "mahalanobis"]);
    const scoring = await h.db.select().from(jobs).where(eq(jobs.kind, "score-submission"));
    expect(scoring).toHaveLength(3);
    const runs = await h.db.select().from(jobs).where(eq(jobs.kind, "baseline"));
    expect(runs.map((j) => (j.result as { skipped?: string } | null)?.skipped ?? null).sort()).toEqual([
      "computed already",
      null,
      null,
    ]);
  });

  it("an organizer can have the baselines computed again; nobody else can", async () => {
    const participant = await makeUser(h.db);
    expect(await codeOf(requestBaselines(h.db, participant, "base", "rnd"))).toBe("auth:forbidden");
    const before = await h.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.blackBoxId, box.box.id), isNull(submissions.teamId)));
    await requestBaselines(h.db, org, "base", "rnd");
    // The organizer's settings page lists them while they wait or run.
    const active = await activeBaselineJobs(h.db, [box.box.id]);
    expect((active.get(box.box.id) ?? []).map((j) => [j.method, j.status]).sort()).toEqual([
      ["ae", "queued"],
      ["mahalanobis", "queued"],
    ]);
    await drainJobs(h.db);
    expect((await activeBaselineJobs(h.db, [box.box.id])).size).toBe(0);
    const after = await h.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.blackBoxId, box.box.id), isNull(submissions.teamId)));
    const idOf = (rows: typeof after, b: string) => rows.find((r) => r.baseline === b)?.id;
    expect(after.map((r) => [r.baseline, r.status]).sort()).toEqual([
      ["ae", "scored"],
      ["bump-hunt", "scored"],
      ["mahalanobis", "scored"],
    ]);
    // New rows for the computed baselines (same deterministic scores), the bump hunt scored again.
    expect(idOf(after, "ae")).not.toBe(idOf(before, "ae"));
    expect(idOf(after, "mahalanobis")).not.toBe(idOf(before, "mahalanobis"));
    expect(after.find((r) => r.baseline === "mahalanobis")?.scoresBlob).toBe(
      before.find((r) => r.baseline === "mahalanobis")?.scoresBlob,
    );
    const bumpEvals = await h.db
      .select()
      .from(evaluations)
      .where(eq(evaluations.submissionId, idOf(after, "bump-hunt") as string));
    expect(bumpEvals).toHaveLength(2);
    const lb = await boxLeaderboard(h.db, null, ref, "scores");
    expect(lb.rows.map((r) => r.baseline)).toEqual(["ae", "bump-hunt", "mahalanobis"]);
  }, 120_000);

  it("completes a baseline row that has no scores (an older version's) instead of adding one", async () => {
    const [row] = await h.db
      .update(submissions)
      .set({ scoresBlob: null, status: "failed", jobId: null })
      .where(and(eq(submissions.blackBoxId, box.box.id), eq(submissions.baseline, "mahalanobis")))
      .returning();
    const version = async () =>
      (await h.db.select().from(blackBoxes).where(eq(blackBoxes.id, box.box.id)))[0]?.leaderboardVersion;
    const before = await version();
    const job = await enqueue(h.db, kinds.baseline, { boxId: box.box.id, method: "mahalanobis" });
    await drainJobs(h.db);
    expect((await h.db.select().from(jobs).where(eq(jobs.id, job.id)))[0]?.result).toMatchObject({
      submissionId: row!.id,
    });
    const rows = await h.db
      .select()
      .from(submissions)
      .where(and(eq(submissions.blackBoxId, box.box.id), eq(submissions.baseline, "mahalanobis")));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: row!.id, status: "scored" });
    expect(rows[0]?.scoresBlob).toMatch(/^[0-9a-f]{64}$/);
    // Its own scoring job, recorded on the row; the board it may have been on is marked stale.
    const [scoring] = await h.db.select().from(jobs).where(eq(jobs.id, rows[0]!.jobId!));
    expect(scoring).toMatchObject({ kind: "score-submission", status: "completed", maxAttempts: 3 });
    expect(scoring?.payload).toEqual({ submissionId: row!.id });
    expect(await version()).toBeGreaterThan(before!);
  }, 120_000);
});
