import { and, desc, eq } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { isChallengeOrganizer, requireActor } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { blackBoxes, SUBMISSION_KINDS, type SubmissionKind, submissions, teams } from "@/lib/db/schema";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";
import { AppError, notFound } from "@/lib/errors";
import { findMyTeam } from "@/lib/teams";
import { type BoxRef, getBoxForUpload, type LoadedBox, resolveBox } from "./box-ref";
import { quotaState } from "./create";
import { latestSnapshot, liveLeaderboard } from "./leaderboard";
import { resolveChallengeSlug } from "./slugs";
import { latestEvaluations } from "./evaluations";
import { submissionListView, submissionView } from "./views";

export function parseKind(kind: string | null | undefined): SubmissionKind {
  const k = kind ?? "scores";
  if (!(SUBMISSION_KINDS as readonly string[]).includes(k))
    throw new AppError("validation", `Unknown submission kind "${k}".`, {
      fields: [{ field: "kind", message: `must be one of ${SUBMISSION_KINDS.join(", ")}` }],
    });
  return k as SubmissionKind;
}

/**
 * The leaderboard of a box and kind, public to anyone who may see the box (anonymous included). After
 * the reveal it is the newest frozen snapshot once written (SCORING §5), else the live ranking.
 */
export async function boxLeaderboard(db: Db, actor: Actor | null, ref: BoxRef, kind: SubmissionKind) {
  const { box, view: full, challenge } = await resolveBox(db, actor, ref);
  // The build check and the data's histograms stay on the box endpoints; a leaderboard has no use for them.
  const { buildCheck: _check, dataSummary: _summary, ...view } = full;
  if (box.status === "revealed") {
    const snap = await latestSnapshot(db, box.id, kind);
    if (snap) {
      return {
        challenge: challenge.slug,
        box: view,
        kind,
        ranking: snap.rows.ranking,
        rows: snap.rows.rows,
        frozen: { version: snap.version, createdAt: snap.createdAt, reason: snap.reason },
      };
    }
  }
  const live = await liveLeaderboard(db, box, kind);
  return { challenge: challenge.slug, box: view, kind, ...live, frozen: null };
}

/**
 * The caller's team's submissions to a box, newest first, with the quota left (team members only).
 * `target`: the box's reference, or the box the request loaded already (getBoxForUpload).
 */
export async function teamSubmissions(db: Db, actor: Actor | null, target: BoxRef | LoadedBox) {
  const a = requireActor(actor);
  const { box, challenge, settings } = "box" in target ? target : await getBoxForUpload(db, a, target);
  const team = await findMyTeam(db, a, challenge.id);
  if (!team) return { team: null, quota: null, submissions: [] };
  const rows = await db
    .select()
    .from(submissions)
    .where(and(eq(submissions.blackBoxId, box.id), eq(submissions.teamId, team.id)))
    .orderBy(desc(submissions.createdAt));
  const latest = await latestEvaluations(
    db,
    rows.map((r) => r.id),
    { compact: true },
  );
  return {
    team: { id: team.id, name: team.name },
    quota: await quotaState(db, box.id, team.id, settings.quotas),
    submissions: rows.map((s) => submissionListView(s, box, team.name, latest.get(s.id), "team")),
  };
}

/**
 * One submission. Its team and the challenge's organizers see everything the team sent; anyone who
 * may see the box sees a scored submission as the leaderboard does (method, evaluation); others 404.
 */
export async function getSubmission(db: Db, actor: Actor | null, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound("Submission");
  const [row] = await db
    .select({ s: submissions, box: blackBoxes, teamName: teams.name })
    .from(submissions)
    .innerJoin(blackBoxes, eq(blackBoxes.id, submissions.blackBoxId))
    .leftJoin(teams, eq(teams.id, submissions.teamId))
    .where(eq(submissions.id, id))
    .limit(1);
  if (!row) throw notFound("Submission");
  const { s, box } = row;
  const organizer = await isChallengeOrganizer(db, actor, box.challengeId);
  const member = actor && s.teamId ? (await findMyTeam(db, actor, box.challengeId))?.id === s.teamId : false;
  const own = organizer || member;
  if (!own && (box.status === "draft" || s.status !== "scored")) throw notFound("Submission");
  const challenge = await resolveChallengeSlug(db, box.challengeId);
  if (!own) await getBlackBox(db, actor, challenge, box.slug); // 404 where the challenge is hidden
  const latest = await latestEvaluations(db, [s.id]);
  return {
    challenge,
    submission: submissionView(s, box, row.teamName, latest.get(s.id), own ? "team" : "public"),
  };
}
