import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { isAdmin, requireActor } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { USER_ROLES, type UserRole, users } from "@/lib/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

export type UserRow = { id: string; email: string; name: string; role: UserRole; createdAt: Date };

/** The body of PATCH /api/v1/users/{id}: the new global role. */
export const setRoleSchema = z.object({
  role: z.enum(USER_ROLES, { message: `must be one of ${USER_ROLES.join(", ")}` }),
});

const ROLE_RANK: Record<UserRole, number> = { participant: 0, organizer: 1, admin: 2 };

function requireAdmin(actor: Actor | null, what: string): Actor {
  const a = requireActor(actor);
  if (!isAdmin(a)) throw forbidden(what);
  return a;
}

/** Every account, for the admin's user list. */
export async function listUsers(db: Db, actor: Actor | null): Promise<UserRow[]> {
  requireAdmin(actor, "list users");
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      createdAt: users.createdAt,
    })
    .from(users)
    .orderBy(asc(users.createdAt));
}

/**
 * Change a user's global role (admin only; audited). `organizer` lets a user create challenges;
 * organizing a given challenge is granted per challenge. Admins cannot demote themselves, so the
 * site never loses its last admin by accident.
 */
export async function setUserRole(
  db: Db,
  actor: Actor | null,
  userId: string,
  input: unknown,
): Promise<UserRow> {
  const a = requireAdmin(actor, "change user roles");
  const { role } = parseInput(setRoleSchema, input);
  if (!z.string().uuid().safeParse(userId).success) throw notFound("User");
  if (userId === a.id && role !== "admin") {
    throw new AppError("conflict", "You cannot remove your own admin role; ask another admin.");
  }
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ role: users.role })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!before) throw notFound("User");
    if (before.role === "admin" && role !== "admin") {
      // Lock every admin row: two admins demoting each other at once cannot both succeed.
      const admins = await tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.role, "admin"))
        .for("update");
      if (admins.length <= 1)
        throw new AppError("conflict", "This is the last admin; make someone else admin first.");
    }
    // Losing a role ends the user's sessions: whatever a page or form cached under the old role
    // is gone, and they sign in again as what they are now.
    const demoted = ROLE_RANK[role] < ROLE_RANK[before.role];
    const [u] = await tx
      .update(users)
      .set(demoted ? { role, sessionVersion: sql`${users.sessionVersion} + 1` } : { role })
      .where(eq(users.id, userId))
      .returning({
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        createdAt: users.createdAt,
      });
    if (!u) throw notFound("User");
    if (before.role !== role) {
      await writeAudit(tx, {
        challengeId: null,
        actor: a,
        action: "user.role",
        targetType: "user",
        targetId: userId,
        details: { from: before.role, to: role },
      });
    }
    return u;
  });
}
