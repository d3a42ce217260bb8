import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { auditLog, evaluations, leaderboardSnapshots, submissions } from "@/lib/db/schema";
import { readPublicFeature } from "@/core/formats";
import { blobStore } from "@/lib/storage";
import { boxEvents } from "@/lib/submissions/boxdata";
import { createSubmission } from "@/lib/submissions/create";
import { latestSnapshot } from "@/lib/submissions/leaderboard";
import { boxLeaderboard, getSubmission, teamSubmissions } from "@/lib/submissions/queries";
import { requestRescore } from "@/lib/submissions/rescore";
import { SCORER_VERSION } from "@/lib/submissions/truth";
import { createTeam } from "@/lib/teams";
import { openSmallBox } from "../support/boxes";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";
import { drainJobs } from "../support/worker";

const csv = (ids: BigInt64Array, scores: ArrayLike<number>) =>
  new TextEncoder().encode(
    `event_id,score\n${Array.from(ids, (id, i) => `${id},${scores[i]}`)
      .reverse()
      .join("\n")}\n`,
  );

describe.each(testDatabases())("submissions end to end on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let alice: Actor;
  let bob: Actor;
  let outsider: Actor;
  let box: Awaited<ReturnType<typeof openSmallBox>>;
  const ref = { challengeSlug: "lhco", boxSlug: "bb1" };
  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    bob = await makeUser(h.db);
    outsider = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "lhco", title: "LHCO", status: "published" });
    await createTeam(h.db, alice, "lhco", { name: "Alices" });
    await createTeam(h.db, bob, "lhco", { name: "Bobs" });
    box = await openSmallBox(h.db, org, "lhco", "bb1", {
      quotas: { submissionsPerDay: 3, submissionsTotal: 10 },
    });
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it("builds a column cache (event_id, mjj) equal to the public file's", async () => {
    const cols = box.box.scoringColumns;
    expect(cols?.feature).toBe("mjj");
    // A public blob that does not exist: only the column cache can answer.
    const fromCache = await boxEvents(
      { ...box.box, publicBlob: "f".repeat(64) },
      { massFeature: "mjj", preselection: null },
    );
    const fromFile = await readPublicFeature(blobStore().read(box.box.publicBlob as string), "p.h5", "mjj");
    expect(fromCache.eventIds).toEqual(fromFile.eventIds);
    expect(fromCache.mass).toEqual(Float64Array.from(fromFile.values));
  });

  it("scores an upload (discovery only on a sealed blind box) and ranks it beside the bump-hunt baseline", async () => {
    const r = await createSubmission(h.db, alice, ref, {
      kind: "scores",
      bytes: csv(box.eventIds, box.mj1),
      fileName: "mj1.csv",
      method: "heavier jet mass",
    });
    expect(r.submission.status).toBe("queued");
    expect(r.quota.remaining).toBe(2);
    await drainJobs(h.db);
    const mine = await teamSubmissions(h.db, alice, ref);
    const s = mine.submissions[0]!;
    expect(s.status).toBe("scored");
    expect(Object.keys(s.evaluation?.metrics ?? {})).toEqual(["discovery"]);
    const [ev] = await h.db.select().from(evaluations).where(eq(evaluations.submissionId, s.id));
    expect(ev?.withTruth).toBe(false);
    expect(Object.keys(ev?.metrics ?? {})).toEqual(["discovery"]);
    const lb = await boxLeaderboard(h.db, null, ref, "scores");
    expect(lb.rows.map((x) => [x.rank, x.team?.name ?? x.baseline])).toEqual([
      [1, "Alices"],
      [null, "ae"],
      [null, "bump-hunt"],
      [null, "mahalanobis"],
    ]);
    expect(typeof lb.rows[0]?.values.discoveryZ).toBe("number");
    expect(lb.rows[0]?.values.auc).toBeUndefined();
    // Anyone can read a scored submission as the leaderboard shows it; its file name is the team's.
    const pub = await getSubmission(h.db, null, s.id);
    expect(pub.submission.file).toBeNull();
    expect(await codeOf(getSubmission(h.db, outsider, "00000000-0000-0000-0000-000000000000"))).toBe(
      "not_found",
    );
  }, 60_000);

  it("refuses outsiders, organizers and a claim with σ ≤ 0, and enforces the daily quota", async () => {
    expect(
      await codeOf(createSubmission(h.db, outsider, ref, { kind: "claim", claim: { signalPresent: false } })),
    ).toBe("auth:forbidden");
    expect(
      await codeOf(createSubmission(h.db, org, ref, { kind: "claim", claim: { signalPresent: false } })),
    ).toBe("auth:forbidden");
    expect(
      await codeOf(
        createSubmission(h.db, bob, ref, {
          kind: "claim",
          claim: { signalPresent: true, mass: 3500, massUncertainty: 0 },
        }),
      ),
    ).toBe("validation");
    const claim = {
      signalPresent: true,
      mass: 3450,
      massUncertainty: 100,
      nSignal: 50,
      nSignalUncertainty: 20,
    };
    await createSubmission(h.db, bob, ref, { kind: "claim", claim, method: "bump hunt by eye" });
    await createSubmission(h.db, bob, ref, { kind: "claim", claim });
    await createSubmission(h.db, bob, ref, { kind: "claim", claim });
    expect(await codeOf(createSubmission(h.db, bob, ref, { kind: "claim", claim }))).toBe("quota:exceeded");
    const rows = await h.db.select().from(submissions).where(eq(submissions.kind, "claim"));
    expect(rows).toHaveLength(3);
    await drainJobs(h.db);
    const lb = await boxLeaderboard(h.db, null, ref, "claim");
    expect(lb.rows[0]?.values).toEqual({});
    expect((await getSubmission(h.db, null, rows[0]!.id)).submission.claim).toBeNull();
  }, 60_000);

  it("an organizer can rescore an open box (audited): new evaluations with the current scorer version, no truth, nothing frozen", async () => {
    expect(await codeOf(requestRescore(h.db, alice, "lhco", "bb1"))).toBe("auth:forbidden");
    const before = await h.db.select().from(evaluations);
    await requestRescore(h.db, org, "lhco", "bb1");
    await drainJobs(h.db);
    const after = await h.db.select().from(evaluations);
    expect(after.length).toBeGreaterThan(before.length);
    const fresh = after.filter((e) => !before.some((b) => b.id === e.id));
    expect(new Set(fresh.map((e) => e.scorerVersion))).toEqual(new Set([SCORER_VERSION]));
    expect(fresh.every((e) => e.withTruth === false)).toBe(true);
    expect((await boxLeaderboard(h.db, null, ref, "scores")).frozen ?? null).toBeNull();
    const [audit] = await h.db.select().from(auditLog).where(eq(auditLog.action, "blackbox.rescore"));
    expect(audit?.details).toMatchObject({ status: "open", scorerVersion: SCORER_VERSION });
  }, 60_000);

  it("at the reveal rescores everything with the truth and freezes the leaderboards", async () => {
    await transitionBlackBox(h.db, org, ref, "closed");
    await transitionBlackBox(h.db, org, ref, "revealed");
    await drainJobs(h.db);
    const scores = await boxLeaderboard(h.db, null, ref, "scores");
    expect(scores.frozen?.version).toBe(1);
    const top = scores.rows[0] as { values: Record<string, number> };
    expect(top.values.auc).toBeGreaterThan(0.5);
    expect(top.values.maxSic).toBeGreaterThan(0);
    const claims = await boxLeaderboard(h.db, null, ref, "claim");
    const c = claims.rows[0] as { values: Record<string, number | boolean> };
    expect(c.values.detectionCorrect).toBe(true);
    expect(c.values.massPull).toBeCloseTo(0.5, 6);
    expect(typeof c.values.logScore).toBe("number");
  }, 60_000);

  it("an organizer's rescore after the reveal writes leaderboard version 2 and leaves version 1 as it was", async () => {
    expect(await codeOf(requestRescore(h.db, alice, "lhco", "bb1"))).toBe("auth:forbidden");
    const v1 = await latestSnapshot(h.db, box.box.id, "scores");
    await requestRescore(h.db, org, "lhco", "bb1");
    await drainJobs(h.db);
    const lb = await boxLeaderboard(h.db, null, ref, "scores");
    expect(lb.frozen?.version).toBe(2);
    expect(lb.frozen?.reason).toMatch(/^rescore /);
    const again = await h.db.select().from(leaderboardSnapshots).where(eq(leaderboardSnapshots.version, 1));
    expect(again.find((x) => x.kind === "scores")?.rows).toEqual(v1?.rows);
    expect((await boxLeaderboard(h.db, null, ref, "claim")).frozen?.version).toBe(2);
  }, 60_000);
});
