import { desc, eq, isNull } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { type AuditEntry, auditLog, users } from "@/lib/db/schema";

export type AuditInput = {
  challengeId: string | null;
  actor: Pick<Actor, "id"> | null;
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
};

/**
 * Record an organizer (or admin) action, or a team change (team.create, .rename, .join, .leave,
 * .archive, .delete). Call inside the same transaction as the change.
 */
export async function writeAudit(db: Db, entry: AuditInput): Promise<void> {
  await db.insert(auditLog).values({
    challengeId: entry.challengeId,
    actorId: entry.actor?.id ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  });
}

export type AuditRow = AuditEntry & { actorEmail: string | null; actorName: string | null };

/** A challenge's entries, or with `null` the site-wide ones (admin actions such as role changes). */
export async function listAuditEntries(db: Db, challengeId: string | null, limit = 200): Promise<AuditRow[]> {
  const rows = await db
    .select({ entry: auditLog, actorEmail: users.email, actorName: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(challengeId === null ? isNull(auditLog.challengeId) : eq(auditLog.challengeId, challengeId))
    .orderBy(desc(auditLog.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.entry, actorEmail: r.actorEmail, actorName: r.actorName }));
}
