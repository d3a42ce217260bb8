import "server-only";
import { desc, eq, inArray } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { blackBoxes, challenges, submissions, teamMembers, teams } from "@/lib/db/schema";
import { latestEvaluations } from "./evaluations";
import { type SubmissionListView, submissionListView } from "./views";

export type MySubmission = SubmissionListView & {
  challenge: { slug: string; title: string };
  boxTitle: string;
};

/** The most rows "My team's submissions" lists; older ones stay reachable through each box's page. */
export const MY_SUBMISSIONS_LIMIT = 500;

/**
 * Every submission of every team the actor is in, across challenges and boxes, newest first, as the
 * team sees them (submissionView "team": file, claim, error). Membership is read here, not taken from
 * the caller, so the list never holds another team's rows.
 *
 * @throws AppError "unauthenticated" without an actor.
 */
export async function listMySubmissions(db: Db, actor: Actor | null): Promise<MySubmission[]> {
  const a = requireActor(actor);
  const mine = await db
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, a.id));
  const teamIds = mine.map((m) => m.teamId);
  if (teamIds.length === 0) return [];
  const rows = await db
    .select({
      s: submissions,
      box: blackBoxes,
      teamName: teams.name,
      challengeSlug: challenges.slug,
      challengeTitle: challenges.title,
    })
    .from(submissions)
    .innerJoin(blackBoxes, eq(blackBoxes.id, submissions.blackBoxId))
    .innerJoin(challenges, eq(challenges.id, blackBoxes.challengeId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(inArray(submissions.teamId, teamIds))
    .orderBy(desc(submissions.createdAt))
    .limit(MY_SUBMISSIONS_LIMIT);
  const latest = await latestEvaluations(
    db,
    rows.map((r) => r.s.id),
    { compact: true },
  );
  return rows.map((r) => ({
    ...submissionListView(r.s, r.box, r.teamName, latest.get(r.s.id), "team"),
    challenge: { slug: r.challengeSlug, title: r.challengeTitle },
    boxTitle: r.box.title,
  }));
}
