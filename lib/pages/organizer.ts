import "server-only";
import { notFound, redirect } from "next/navigation";
import { isChallengeOrganizer } from "@/lib/auth/permissions";
import { currentActor } from "@/lib/auth/session";
import { getChallenge } from "@/lib/challenges";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";

/**
 * What an organizer page of a challenge starts from: the signed-in actor (else a redirect to sign in
 * and back to `/challenges/{slug}/{page}`), the challenge (else 404) and whether the actor organizes it.
 */
export async function organizerPage(slug: string, page: string) {
  const actor = await currentActor();
  if (!actor) redirect(`/signin?callbackUrl=/challenges/${slug}/${page}`);
  const db = await getDb();
  const challenge = await getChallenge(db, actor, slug).catch((e) => {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  });
  return { actor, db, c: challenge, organizer: await isChallengeOrganizer(db, actor, challenge.id) };
}
