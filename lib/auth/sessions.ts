import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type User, users } from "@/lib/db/schema";
import { getUserById } from "@/lib/users";

/**
 * Revocable sessions on top of next-auth's JWT cookies. A cookie carries its user id and the
 * user's `session_version` at sign-in; it is honoured only while the two still match (checked on
 * every request: pages, server actions and API calls with the cookie). Adding one to the version
 * ends every session of that user at once, a copied cookie included.
 */
export type SessionClaims = { uid?: unknown; sv?: unknown };

/** The claims to put in a new session cookie for this user. */
export async function sessionClaims(
  db: Db,
  userId: string,
): Promise<{ uid: string; sv: number } | undefined> {
  const u = await getUserById(db, userId);
  return u ? { uid: u.id, sv: u.sessionVersion } : undefined;
}

/** The user a session cookie's claims stand for, or undefined when the session has been ended. */
export async function userForSession(db: Db, claims: SessionClaims): Promise<User | undefined> {
  if (typeof claims.uid !== "string" || typeof claims.sv !== "number") return undefined;
  const u = await getUserById(db, claims.uid);
  return u && u.sessionVersion === claims.sv ? u : undefined;
}

/**
 * End every session of a user (sign-out, a lost role; any future password change must call it
 * too). With `claims`, only if they are still current: a stale cookie cannot sign anyone out again.
 */
export async function endSessions(db: Db, userId: string, claims?: SessionClaims): Promise<void> {
  const where =
    claims && typeof claims.sv === "number"
      ? and(eq(users.id, userId), eq(users.sessionVersion, claims.sv))
      : eq(users.id, userId);
  await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(where);
}
