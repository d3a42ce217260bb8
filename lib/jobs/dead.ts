import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { blackBoxes, jobs, submissions, teams } from "@/lib/db/schema";

export type DeadJob = {
  id: string;
  kind: string;
  boxSlug: string;
  /** The scored submission's team (null: a baseline, or a job about the box itself). */
  team: string | null;
  submissionId: string | null;
  submissionStatus: string | null;
  attempts: number;
  finishedAt: Date | null;
  lastError: string | null;
};

/**
 * Jobs of a challenge's boxes that went dead (every attempt failed, or their worker stopped on
 * every attempt), newest first, for the organizer's settings page: a scoring job through its
 * submission, other jobs through the `boxId` of their payload. Organizer-only data.
 */
export async function deadJobsOfChallenge(db: Db, challengeId: string, limit = 50): Promise<DeadJob[]> {
  return db
    .select({
      id: jobs.id,
      kind: jobs.kind,
      boxSlug: blackBoxes.slug,
      team: teams.name,
      submissionId: submissions.id,
      submissionStatus: submissions.status,
      attempts: jobs.attempts,
      finishedAt: jobs.finishedAt,
      lastError: jobs.lastError,
    })
    .from(jobs)
    .leftJoin(submissions, sql`${submissions.id}::text = ${jobs.payload}->>'submissionId'`)
    .innerJoin(
      blackBoxes,
      sql`${blackBoxes.id}::text = coalesce(${submissions.blackBoxId}::text, ${jobs.payload}->>'boxId')`,
    )
    .leftJoin(teams, eq(teams.id, submissions.teamId))
    .where(and(eq(jobs.status, "dead"), eq(blackBoxes.challengeId, challengeId)))
    .orderBy(desc(jobs.finishedAt))
    .limit(limit);
}
