import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import type { Db, DbHandle } from "@/lib/db/client";
import {
  type BlackBox,
  blackBoxes,
  evaluations,
  type SubmissionKind,
  submissions,
  teams,
} from "@/lib/db/schema";
import { truthVisible } from "@/lib/blackboxes/lifecycle";
import { submissionSettings } from "@/lib/submissions/config";
import { createSubmission } from "@/lib/submissions/create";
import { latestEvaluations } from "@/lib/submissions/evaluations";
import {
  type LeaderboardRow,
  liveLeaderboard,
  rankingFor,
  rankLeaderboard,
  rowValues,
} from "@/lib/submissions/leaderboard";
import { boxLeaderboard } from "@/lib/submissions/queries";
import { rankMetrics } from "@/lib/submissions/rank-metrics";
import { compactMetrics, evaluationView } from "@/lib/submissions/views";
import { createTeam, renameTeam } from "@/lib/teams";
import { openSmallBox } from "../support/boxes";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { drainJobs } from "../support/worker";

const T0 = Date.parse("2026-10-01T00:00:00Z");
const summary = (z: number | null) =>
  z === null ? null : { globalSignificance: z, extrapolated: z > 4, claimedMass: 3500 };
/** Metrics as the scorer stores them, with a curve each, so the full path has something to drop. */
const scoreMetrics = (sic: number | null, z: number | null) => ({
  discovery: { method: "bump-hunt", summary: summary(z), cuts: [{ counts: [1, 2, 3] }] },
  truth:
    sic === null
      ? { notApplicable: "no signal" }
      : { auc: 0.5 + sic / 100, sicMax: { value: sic }, tprAtFpr: {}, curves: { roc: [[0, 1]] } },
});
const claimMetrics = (correct: boolean, logScore: number, pull: number) => ({
  claim: { detectionCorrect: correct, logScore, pulls: { mass: pull, nSignal: 0 }, intervals: {} },
});

/**
 * The old way, kept here as the reference: every scored submission with its newest evaluation's full
 * metrics, through evaluationView and rowValues, ranked the same way.
 */
async function fullMetricsRanking(db: Db, box: BlackBox, kind: SubmissionKind) {
  const settings = submissionSettings(box);
  const ranking = rankingFor(kind, truthVisible(box, false), {
    primaryMetric: settings.primaryMetric,
    discovery: settings.massFeature !== null,
  });
  const subs = await db
    .select({ s: submissions, teamName: teams.name })
    .from(submissions)
    .leftJoin(teams, eq(teams.id, submissions.teamId))
    .where(
      and(eq(submissions.blackBoxId, box.id), eq(submissions.kind, kind), eq(submissions.status, "scored")),
    );
  const latest = await latestEvaluations(
    db,
    subs.map((x) => x.s.id),
  );
  const all: LeaderboardRow[] = subs.map(({ s, teamName }) => ({
    rank: null,
    team: s.teamId ? { id: s.teamId, name: teamName ?? "" } : null,
    baseline: s.baseline,
    submissionId: s.id,
    method: s.method,
    submittedAt: s.createdAt.toISOString(),
    submissions: 1,
    values: rowValues(evaluationView(latest.get(s.id), box)?.metrics ?? {}),
  }));
  return { ranking, rows: rankLeaderboard(all, ranking) };
}

describe.each(testDatabases())("leaderboards from rank_metrics on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let challengeId: string;
  let minute = 0;
  const teamIds: string[] = [];

  /** A box inserted as it would be once open (no data file: the leaderboard needs none). */
  async function insertBox(slug: string, mode: "practice" | "blind") {
    const [b] = await h.db
      .insert(blackBoxes)
      .values({ challengeId, slug, title: slug, mode, status: "open", scoringConfig: { massFeature: "mjj" } })
      .returning();
    return b!;
  }
  /** A scored submission with one evaluation per metrics object (the last is the newest). */
  async function scored(
    box: BlackBox,
    team: string | null,
    kind: SubmissionKind,
    metrics: Record<string, unknown>[],
    { withRank = true, baseline = null as string | null } = {},
  ) {
    const [s] = await h.db
      .insert(submissions)
      .values({
        blackBoxId: box.id,
        teamId: team,
        baseline,
        kind,
        status: "scored",
        method: `m${minute}`,
        counted: team !== null,
        createdAt: new Date(T0 + minute++ * 60_000),
      })
      .returning();
    for (const [i, m] of metrics.entries())
      await h.db.insert(evaluations).values({
        submissionId: s!.id,
        metrics: m,
        rankMetrics: withRank ? rankMetrics(m) : null,
        scorerVersion: "test",
        createdAt: new Date(T0 + i * 1000),
      });
    return s!.id;
  }

  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    const c = await createChallenge(h.db, org, { slug: "crowd", title: "Crowd", status: "published" });
    challengeId = c.id;
    const rows = await h.db
      .insert(teams)
      .values(Array.from({ length: 12 }, (_, i) => ({ challengeId, name: `Team ${i}` })))
      .returning({ id: teams.id });
    teamIds.push(...rows.map((r) => r.id));
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it("ranks as the full metrics do, ties and tie-breaks included, and fills rank_metrics of old rows", async () => {
    const box = await insertBox("practice", "practice");
    // Few distinct values, so primary ties, secondary ties and full ties (earlier wins) all occur;
    // every third evaluation is "old" (no rank_metrics), and some submissions were rescored.
    for (let i = 0; i < 60; i++) {
      const sic = i % 7 === 0 ? null : (i * 5) % 4;
      const z = i % 11 === 0 ? null : ((i * 3) % 5) - 2;
      const metrics = i % 5 === 0 ? [scoreMetrics(9, 9), scoreMetrics(sic, z)] : [scoreMetrics(sic, z)];
      await scored(box, teamIds[i % 12]!, "scores", metrics, { withRank: i % 3 !== 0 });
      const pull = ((i * 7) % 5) - 2;
      await scored(box, teamIds[i % 12]!, "claim", [claimMetrics(i % 4 !== 0, (i * 3) % 4, pull)], {
        withRank: i % 3 !== 1,
      });
    }
    await scored(box, null, "scores", [scoreMetrics(99, 99)], { baseline: "bump-hunt" });
    for (const kind of ["scores", "claim"] as const) {
      const live = await liveLeaderboard(h.db, box, kind, { cache: false });
      const full = await fullMetricsRanking(h.db, box, kind);
      expect(live.ranking).toEqual(full.ranking);
      expect(live.rows).toEqual(full.rows);
      expect(live.rows.filter((r) => r.rank !== null)).toHaveLength(12);
    }
    const scores = (await liveLeaderboard(h.db, box, "scores", { cache: false })).rows;
    // Max SIC first, ties by discovery Z, then the earlier submission; the baseline last, unranked.
    const ranked = scores.filter((r) => r.rank !== null);
    for (const [a, b] of ranked.slice(1).map((r, i) => [ranked[i]!, r] as const)) {
      const [sa, sb] = [a.values.maxSic as number | null, b.values.maxSic as number | null];
      expect(sb === null || (sa !== null && sa >= sb)).toBe(true);
    }
    expect(scores.at(-1)).toMatchObject({ baseline: "bump-hunt", rank: null });
    expect(scores.reduce((n, r) => n + (r.baseline ? 0 : r.submissions), 0)).toBe(60);
    // The newest evaluation of every submission has its rank_metrics now (older ones are never read).
    const evs = await h.db
      .select({ s: evaluations.submissionId, rank: evaluations.rankMetrics })
      .from(evaluations)
      .orderBy(desc(evaluations.createdAt));
    const newest = new Map<string, unknown>();
    for (const e of evs) if (!newest.has(e.s)) newest.set(e.s, e.rank);
    expect([...newest.values()].filter((r) => r === null)).toEqual([]);
    expect(evs.some((e) => e.rank === null)).toBe(true);
  });

  it("lists read metrics cut down in SQL to what compactMetrics keeps, no curves", async () => {
    const box = await insertBox("lists", "practice");
    const full = {
      discovery: {
        method: "bump-hunt",
        summary: summary(2),
        summaryReason: "r",
        device: "cpu",
        cuts: [{ a: 1 }],
      },
      truth: { auc: 0.7, sicMax: { value: 3 }, curves: { roc: [[0, 1]] }, components: [{ c: 1 }] },
      claim: { detectionCorrect: true, logScore: 1, pulls: { mass: 0.5, nSignal: 0 } },
    };
    const ids = [
      await scored(box, teamIds[3]!, "scores", [full]),
      await scored(box, teamIds[3]!, "scores", [
        { discovery: { method: "m", cuts: [] }, truth: { notApplicable: "x" } },
      ]),
      await scored(box, teamIds[3]!, "scores", [{ discoveryNotApplicable: "no mass" }]),
    ];
    const compact = await latestEvaluations(h.db, ids, { compact: true });
    const whole = await latestEvaluations(h.db, ids);
    for (const id of ids) {
      expect(compactMetrics(compact.get(id)!.metrics)).toEqual(compactMetrics(whole.get(id)!.metrics));
      expect(JSON.stringify(compact.get(id)!.metrics)).not.toMatch(/curves|components|cuts/);
    }
  });

  it("a sealed box shows no truth-dependent number even where rank_metrics holds one; the reveal does", async () => {
    const box = await insertBox("sealed", "blind");
    await scored(box, teamIds[0]!, "scores", [scoreMetrics(3, 1.5)]);
    await scored(box, teamIds[1]!, "scores", [scoreMetrics(5, 0.5)]);
    await scored(box, teamIds[2]!, "claim", [claimMetrics(true, 1, 0)]);
    const sealed = await boxLeaderboard(h.db, null, { challengeSlug: "crowd", boxSlug: "sealed" }, "scores");
    expect(sealed.ranking.key).toBe("discoveryZ");
    expect(sealed.rows.map((r) => r.team?.id)).toEqual([teamIds[0], teamIds[1]]);
    for (const r of sealed.rows)
      expect(Object.keys(r.values).sort()).toEqual([
        "claimedMass",
        "discoveryExtrapolated",
        "discoveryRejected",
        "discoveryZ",
      ]);
    const claims = await boxLeaderboard(h.db, null, { challengeSlug: "crowd", boxSlug: "sealed" }, "claim");
    expect(claims.rows[0]?.values).toEqual({});
    expect(JSON.stringify([sealed, claims])).not.toMatch(/maxSic|auc|logScore|massPull/);
    // Revealed (no snapshot yet): the live ranking by the truth, not the sealed one from the cache.
    await h.db.update(blackBoxes).set({ status: "revealed" }).where(eq(blackBoxes.id, box.id));
    const open = await boxLeaderboard(h.db, null, { challengeSlug: "crowd", boxSlug: "sealed" }, "scores");
    expect(open.ranking.key).toBe("maxSic");
    expect(open.rows.map((r) => [r.team?.id, r.values.maxSic])).toEqual([
      [teamIds[1], 5],
      [teamIds[0], 3],
    ]);
  });

  it("serves a box's ranking from the cache until an evaluation lands or a team is renamed", async () => {
    const alice = await makeUser(h.db);
    const team = await createTeam(h.db, alice, "crowd", { name: "Alices" });
    const real = await openSmallBox(h.db, org, "crowd", "real");
    const ref = { challengeSlug: "crowd", boxSlug: "real" };
    await drainJobs(h.db); // the baselines queued when the box opened
    const first = await boxLeaderboard(h.db, null, ref, "scores");
    expect((await boxLeaderboard(h.db, null, ref, "scores")).rows).toBe(first.rows);
    expect(first.rows.some((r) => r.team?.id === team.id)).toBe(false);
    await createSubmission(h.db, alice, ref, {
      kind: "scores",
      bytes: new TextEncoder().encode(
        `event_id,score\n${Array.from(real.eventIds, (id, i) => `${id},${real.mj1[i]}`).join("\n")}\n`,
      ),
      fileName: "mj1.csv",
      method: "heavier jet mass",
    });
    await drainJobs(h.db);
    const next = await boxLeaderboard(h.db, null, ref, "scores");
    expect(next.rows.find((r) => r.team?.id === team.id)).toMatchObject({
      team: { name: "Alices" },
      method: "heavier jet mass",
      rank: 1,
    });
    await renameTeam(h.db, alice, team.id, { name: "Alice and co" });
    const renamed = await boxLeaderboard(h.db, null, ref, "scores");
    expect(renamed.rows.find((r) => r.team?.id === team.id)?.team?.name).toBe("Alice and co");
  });
});
