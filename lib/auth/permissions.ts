import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Challenge, challengeOrganizers } from "@/lib/db/schema";
import { forbidden, unauthenticated } from "@/lib/errors";
import type { Actor } from "./actor";

// Small named predicates; every service function checks the one it needs itself, whatever the caller.

export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}

export const isAdmin = (actor: Actor | null | undefined): boolean => actor?.role === "admin";

/** Admins and users with the global organizer role may create challenges. */
export const canCreateChallenge = (actor: Actor | null | undefined): boolean =>
  actor?.role === "admin" || actor?.role === "organizer";

export async function isChallengeOrganizer(db: Db, actor: Actor | null | undefined, challengeId: string) {
  if (!actor) return false;
  if (actor.role === "admin") return true;
  const rows = await db
    .select({ userId: challengeOrganizers.userId })
    .from(challengeOrganizers)
    .where(and(eq(challengeOrganizers.challengeId, challengeId), eq(challengeOrganizers.userId, actor.id)))
    .limit(1);
  return rows.length > 0;
}

export async function requireChallengeOrganizer(
  db: Db,
  actor: Actor | null | undefined,
  challenge: Pick<Challenge, "id">,
  what: string,
): Promise<Actor> {
  const a = requireActor(actor);
  if (!(await isChallengeOrganizer(db, a, challenge.id))) throw forbidden(what);
  return a;
}

/** Drafts are visible to their organizers (and admins) only. */
export async function canViewChallenge(db: Db, actor: Actor | null | undefined, challenge: Challenge) {
  if (challenge.status !== "draft") return true;
  return isChallengeOrganizer(db, actor, challenge.id);
}
