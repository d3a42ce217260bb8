import "server-only";
import { getServerSession } from "next-auth";
import { getDb } from "@/lib/db/client";
import { actorFromToken } from "@/lib/tokens";
import { getUserById, toActor } from "@/lib/users";
import type { Actor } from "./actor";
import { authOptions } from "./options";

/** The signed-in user of this request (session cookie), re-read from the database, or null. */
export async function currentActor(): Promise<Actor | null> {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById(await getDb(), id);
  return user ? toActor(user, "session") : null;
}

/**
 * Who is calling an API route: a Bearer token if the request carries an Authorization header
 * (an invalid or revoked token is an error, never a fall-back to the cookie), else the session.
 */
export async function actorFromRequest(req: Request): Promise<Actor | null> {
  const header = req.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const db = await getDb();
    if (!m?.[1]) return actorFromToken(db, "");
    return actorFromToken(db, m[1]);
  }
  return currentActor();
}
