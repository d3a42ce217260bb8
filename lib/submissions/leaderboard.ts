import { and, desc, eq, inArray, max, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import {
  type BlackBox,
  blackBoxes,
  evaluations,
  leaderboardSnapshots,
  type SubmissionKind,
  submissions,
  teams,
} from "@/lib/db/schema";
import { truthVisible } from "@/lib/blackboxes/lifecycle";
import type { PrimaryMetric } from "@/lib/db/json";
import type { LeaderboardRow, Metrics, RankMetrics, Ranking } from "@/lib/db/json-metrics";
import { rowsOf } from "@/lib/db/rows";
import { submissionSettings } from "./config";
import { cachedLeaderboard } from "./leaderboard-cache";
import { rankMetrics } from "./rank-metrics";
import { VALUE_LABELS } from "./leaderboard-values";
import { evaluationView } from "./views";

export type { LeaderboardRow, Ranking } from "@/lib/db/json-metrics";

/**
 * `score`: the box's choice for score submissions (lib/submissions/config): its primary truth metric
 * and whether it has a discovery metric at all (no resonance mass: ranked only once truth is visible).
 */
export function rankingFor(
  kind: SubmissionKind,
  truth: boolean,
  score: { primaryMetric: PrimaryMetric; discovery: boolean } = {
    primaryMetric: "maxSic",
    discovery: true,
  },
): Ranking {
  if (kind === "scores") {
    const secondary = score.discovery ? "discoveryZ" : score.primaryMetric === "auc" ? "maxSic" : "auc";
    if (truth) {
      const key = score.primaryMetric;
      return { key, label: VALUE_LABELS[key], higherIsBetter: true, secondary };
    }
    return score.discovery
      ? {
          key: "discoveryZ",
          label: `${VALUE_LABELS.discoveryZ} (global)`,
          higherIsBetter: true,
          secondary: null,
        }
      : {
          key: null,
          label: `No resonance mass here: scores are ranked by ${VALUE_LABELS[score.primaryMetric]} at the reveal`,
          higherIsBetter: true,
          secondary: null,
        };
  }
  if (kind === "claim")
    return truth
      ? {
          key: "logScore",
          label: `${VALUE_LABELS.logScore} (lower is better)`,
          higherIsBetter: false,
          secondary: "massPull",
        }
      : { key: null, label: "Claims are scored at the reveal", higherIsBetter: false, secondary: null };
  return truth
    ? { key: "precision", label: VALUE_LABELS.precision, higherIsBetter: true, secondary: "recall" }
    : { key: null, label: "Top-K lists are scored at the reveal", higherIsBetter: true, secondary: null };
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/**
 * The numbers a row shows, from a viewer-filtered evaluation (no truth key unless it is public).
 * Discovery (SCORING §2 v2): `discoveryZ` is the summary's global Z, flagged `discoveryExtrapolated`
 * when its p-value comes from the toys' fitted tail; a result without a summary (the background model
 * was rejected in every cut) has `discoveryZ: null` and `discoveryRejected: true`, so it sorts below
 * every number and shows "model rejected", never a Z from a bad fit.
 */
export function rowValues(metrics: Metrics | RankMetrics): LeaderboardRow["values"] {
  const { discovery: d, truth: t, claim: c, topK: k } = metrics;
  const v: LeaderboardRow["values"] = {};
  if (d) {
    v.discoveryZ = num(d.summary?.globalSignificance);
    v.discoveryExtrapolated = d.summary?.extrapolated === true;
    v.discoveryRejected = !d.summary;
    v.claimedMass = num(d.summary?.claimedMass);
  }
  // Optional chains below: rows written by older scorers may lack a part (the backfill reads them too).
  if (t && "auc" in t && t.auc !== undefined) {
    v.auc = num(t.auc);
    v.maxSic = num(t.sicMax?.value);
    v.tprAt1e3 = num(t.tprAtFpr?.["1e-3"]?.value);
    v.tprAt1e5 = num(t.tprAtFpr?.["1e-5"]?.value);
  }
  if (c) {
    v.detectionCorrect = c.detectionCorrect ?? null;
    v.logScore = num(c.logScore);
    v.massPull = num(c.pulls?.mass);
    v.nSignalPull = num(c.pulls?.nSignal);
  }
  if (k) {
    v.precision = num(k.precision);
    v.recall = num(k.recall?.value);
  }
  return v;
}

/** Sort comparator: better first; missing values last; claims: correct detection first; then earlier. */
export function compareRows(r: Ranking) {
  const get = (row: LeaderboardRow, key: string | null) =>
    key ? ((row.values[key] as number | null) ?? null) : null;
  const cmp = (a: number | null, b: number | null, higher: boolean) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return higher ? b - a : a - b;
  };
  return (a: LeaderboardRow, b: LeaderboardRow) => {
    if (r.key === "logScore") {
      const da = a.values.detectionCorrect === true;
      const db = b.values.detectionCorrect === true;
      if (da !== db) return da ? -1 : 1;
    }
    // The tie-break: higher is better, except a claim's mass pull, where the smaller |pull| wins (a
    // discovery Z of −2 must not beat one of 1).
    const tie = (row: LeaderboardRow) => {
      const v = get(row, r.secondary);
      return v === null ? null : r.secondary === "massPull" ? -Math.abs(v) : v;
    };
    return (
      cmp(get(a, r.key), get(b, r.key), r.higherIsBetter) ||
      cmp(tie(a), tie(b), true) ||
      a.submittedAt.localeCompare(b.submittedAt)
    );
  };
}

/**
 * The live leaderboard of one box and kind: each team's best scored submission by the ranking,
 * baselines as unranked marked rows. Values come through evaluationView, so a sealed box shows no
 * truth-dependent number to anyone. Reads only `evaluations.rank_metrics` (never the metrics with
 * their curves) and keeps the result per box and kind until the box's leaderboard version, status,
 * mode or ranking changes (./leaderboard-cache). `cache: false`: rank afresh (the frozen snapshots).
 * The rows are shared between requests: callers must not modify them.
 */
export async function liveLeaderboard(
  db: Db,
  box: BlackBox,
  kind: SubmissionKind,
  { cache = true }: { cache?: boolean } = {},
): Promise<{ ranking: Ranking; rows: LeaderboardRow[] }> {
  const truth = truthVisible(box, false);
  const settings = submissionSettings(box);
  const ranking = rankingFor(kind, truth, {
    primaryMetric: settings.primaryMetric,
    discovery: settings.massFeature !== null,
  });
  const compute = async () => ({
    ranking,
    rows: rankLeaderboard(await leaderboardEntries(db, box, kind), ranking),
  });
  if (!cache) return compute();
  const sig = [box.leaderboardVersion, box.status, box.mode, ranking.key, ranking.secondary].join("|");
  return cachedLeaderboard(`${box.id}|${kind}`, sig, compute);
}

/**
 * One row per scored submission of the box and kind (rank null, submissions 1), its values from the
 * newest evaluation's rank_metrics through evaluationView. Evaluations written before that column
 * existed get it here, once (computed from their metrics and stored).
 */
async function leaderboardEntries(db: Db, box: BlackBox, kind: SubmissionKind): Promise<LeaderboardRow[]> {
  const latest = db
    .select({
      id: evaluations.id,
      rankMetrics: evaluations.rankMetrics,
      withTruth: evaluations.withTruth,
      createdAt: evaluations.createdAt,
    })
    .from(evaluations)
    .where(eq(evaluations.submissionId, submissions.id))
    .orderBy(desc(evaluations.createdAt))
    .limit(1)
    .as("e");
  const subs = await db
    .select({
      id: submissions.id,
      teamId: submissions.teamId,
      teamName: teams.name,
      baseline: submissions.baseline,
      method: submissions.method,
      createdAt: submissions.createdAt,
      evaluationId: latest.id,
      rankMetrics: latest.rankMetrics,
      withTruth: latest.withTruth,
      evaluatedAt: latest.createdAt,
    })
    .from(submissions)
    .leftJoin(teams, eq(teams.id, submissions.teamId))
    .leftJoinLateral(latest, sql`true`)
    .where(
      and(eq(submissions.blackBoxId, box.id), eq(submissions.kind, kind), eq(submissions.status, "scored")),
    );
  const missing = subs.flatMap((s) => (s.evaluationId && !s.rankMetrics ? [s.evaluationId] : []));
  const filled = await fillRankMetrics(db, missing);
  return subs.map((s) => {
    const metrics = s.evaluationId ? (s.rankMetrics ?? filled.get(s.evaluationId)) : undefined;
    const view = metrics
      ? evaluationView(
          {
            metrics,
            withTruth: s.withTruth ?? false,
            scorerVersion: "",
            device: "",
            timings: null,
            createdAt: s.evaluatedAt ?? new Date(0),
          },
          box,
        )
      : null;
    return {
      rank: null,
      team: s.teamId ? { id: s.teamId, name: s.teamName ?? "" } : null,
      baseline: s.baseline,
      submissionId: s.id,
      method: s.method,
      submittedAt: s.createdAt.toISOString(),
      submissions: 1,
      values: rowValues(view?.metrics ?? {}),
    };
  });
}

/** The lazy backfill: rank_metrics of these evaluations from their metrics, stored; by id. */
async function fillRankMetrics(db: Db, ids: string[]): Promise<Map<string, RankMetrics>> {
  const out = new Map<string, RankMetrics>();
  // A few at a time: an old evaluation's metrics are ~20 kB each.
  for (let i = 0; i < ids.length; i += 100) {
    const rows = await db
      .select({ id: evaluations.id, metrics: evaluations.metrics })
      .from(evaluations)
      .where(inArray(evaluations.id, ids.slice(i, i + 100)));
    if (rows.length === 0) continue;
    for (const r of rows) out.set(r.id, rankMetrics(r.metrics));
    // One statement per chunk, not one per evaluation: this runs inside a leaderboard read.
    const values = rows.map((r) => sql`(${r.id}::uuid, ${JSON.stringify(out.get(r.id))}::jsonb)`);
    await db.execute(
      sql`update ${evaluations} set rank_metrics = v.rank from (values ${sql.join(values, sql`, `)}) as v(id, rank) where ${evaluations.id} = v.id`,
    );
  }
  return out;
}

/**
 * Rank one box's rows (one per scored submission, as leaderboardEntries makes them): each team's best
 * by the ranking, with its team's count of scored submissions, then the baselines by name, unranked.
 */
export function rankLeaderboard(all: LeaderboardRow[], ranking: Ranking): LeaderboardRow[] {
  const order = compareRows(ranking);
  const best = new Map<string, LeaderboardRow>();
  const counts = new Map<string, number>();
  for (const row of all) {
    if (!row.team) continue;
    counts.set(row.team.id, (counts.get(row.team.id) ?? 0) + 1);
    const cur = best.get(row.team.id);
    if (!cur || order(row, cur) < 0) best.set(row.team.id, row);
  }
  const ranked = [...best.values()].sort(order).map((row, i) => ({
    ...row,
    submissions: counts.get(row.team?.id ?? "") ?? 1,
    rank: ranking.key ? i + 1 : null,
  }));
  const baselines = all
    .filter((r) => r.baseline !== null)
    .sort((a, b) => (a.baseline as string).localeCompare(b.baseline as string));
  return [...ranked, ...baselines];
}

/** The newest frozen leaderboard of a box and kind, if the box was revealed and it has been written. */
export async function latestSnapshot(db: Db, boxId: string, kind: SubmissionKind) {
  const [snap] = await db
    .select()
    .from(leaderboardSnapshots)
    .where(and(eq(leaderboardSnapshots.blackBoxId, boxId), eq(leaderboardSnapshots.kind, kind)))
    .orderBy(desc(leaderboardSnapshots.version))
    .limit(1);
  return snap;
}

/**
 * Freeze the leaderboards of a revealed box: one snapshot per kind, version = newest + 1 (a rescore
 * after the reveal writes a new version, never edits the frozen one). `onlyFirst`: do nothing for a
 * kind that has a snapshot already (the reveal's own freeze, safe to race).
 */
export async function freezeLeaderboards(db: Db, box: BlackBox, reason: string, onlyFirst: boolean) {
  const written: string[] = [];
  for (const kind of ["scores", "claim", "top-ids"] as const) {
    const [{ v } = { v: null }] = await db
      .select({ v: max(leaderboardSnapshots.version) })
      .from(leaderboardSnapshots)
      .where(and(eq(leaderboardSnapshots.blackBoxId, box.id), eq(leaderboardSnapshots.kind, kind)));
    if (onlyFirst && v !== null) continue;
    const { ranking, rows } = await liveLeaderboard(db, box, kind, { cache: false });
    const res = await db
      .insert(leaderboardSnapshots)
      .values({ blackBoxId: box.id, kind, version: (v ?? 0) + 1, reason, rows: { ranking, rows } })
      .onConflictDoNothing()
      .returning({ id: leaderboardSnapshots.id });
    if (res.length) written.push(kind);
  }
  return written;
}

/**
 * Submissions of a box still waiting for a rescoring that started at `since` (the reveal, or an
 * organizer's rescore): queued or scoring ones, and scored ones without an evaluation since then.
 * Failed ones do not wait.
 */
export async function pendingRescores(db: Db, box: Pick<BlackBox, "id">, since: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from ${submissions} s
    where s.black_box_id = ${box.id}
      and (s.status in ('queued', 'scoring')
        or (s.status = 'scored' and not exists (
          select 1 from ${evaluations} e where e.submission_id = s.id and e.created_at >= ${since}::timestamptz)))`);
  return Number(rowsOf<{ n: number }>(rows)[0]?.n ?? 0);
}

/**
 * Freeze the leaderboards of a revealed box once nothing waits for the rescoring that started at
 * `since` (default: the reveal, which writes version 1; an organizer's rescore writes the next
 * version, reason "rescore <since>"). Called by every finishing rescoring job and by the job that
 * fanned them out; the snapshot insert is unique per version, so racing callers write it once.
 */
export async function freezeWhenRescored(db: Db, boxId: string, since?: string): Promise<string[]> {
  const [box] = await db.select().from(blackBoxes).where(eq(blackBoxes.id, boxId)).limit(1);
  if (box?.status !== "revealed" || !box.revealedAt) return [];
  const from = since ?? box.revealedAt.toISOString();
  if ((await pendingRescores(db, box, from)) > 0) return [];
  if (!since) return freezeLeaderboards(db, box, "reveal", true);
  const reason = `rescore ${since}`;
  const [done] = await db
    .select({ id: leaderboardSnapshots.id })
    .from(leaderboardSnapshots)
    .where(and(eq(leaderboardSnapshots.blackBoxId, box.id), eq(leaderboardSnapshots.reason, reason)))
    .limit(1);
  return done ? [] : freezeLeaderboards(db, box, reason, false);
}
