import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { type BlackBox, blackBoxes } from "@/lib/db/schema";
import { AppError, forbidden } from "@/lib/errors";
import { type BlackBoxView, getBlackBox, viewOf } from "./lifecycle";

/**
 * Why `box` cannot be archived (`archive` true) or unarchived (false), or null when it can. Only a
 * revealed box is archived: before the reveal it is still part of the running challenge (a draft
 * can be deleted instead); archiving a box twice, or unarchiving one that is not archived, is a
 * conflict too, so a stale page never writes a second audit entry.
 *
 * @example archiveRefusal({ slug: "b", status: "open", archivedAt: null }, true)
 *   // 'Black box "b" is open: only a revealed box can be archived. …'
 */
export function archiveRefusal(
  box: Pick<BlackBox, "slug" | "status" | "archivedAt">,
  archive: boolean,
): string | null {
  if (archive && box.status !== "revealed")
    return `Black box "${box.slug}" is ${box.status}: only a revealed box can be archived. ${
      box.status === "draft" ? "A draft can be deleted instead." : "Close and reveal it first."
    }`;
  if (archive && box.archivedAt)
    return `Black box "${box.slug}" is already archived (since ${box.archivedAt.toISOString()}).`;
  if (!archive && !box.archivedAt) return `Black box "${box.slug}" is not archived.`;
  return null;
}

/** The `archived` query parameter of a box listing: absent, "true" or "false" (422 otherwise). */
export function parseArchivedFilter(value: string | null): boolean | undefined {
  if (value === null || value === "") return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw new AppError("validation", "Invalid query parameter — archived: must be true or false", {
    fields: [{ field: "archived", message: "must be true or false (or left out for every box)" }],
  });
}

/**
 * Archive a revealed box (`archive` true; audited `blackbox.archive`) or bring it back to the
 * active list (false; `blackbox.unarchive`): organizers of its challenge and admins. Archiving only
 * sets `archived_at`: the files, submissions, leaderboards and truth stay where they were, reachable
 * by their URLs; the challenge page lists the box apart. Non-organizers get 403 (a revealed box is
 * visible to them), 404 for a draft, as for the box's other actions.
 *
 * The update is conditional on the state checked (revealed, archived or not), so two racing
 * organizers write one change and one audit entry; the other gets a 409.
 *
 * @throws AppError "auth:unauthenticated", "auth:forbidden", "not_found", "conflict" (naming the state).
 */
export async function setBoxArchived(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
  boxSlug: string,
  archive: boolean,
): Promise<BlackBoxView> {
  const { box, challenge, organizer } = await getBlackBox(db, requireActor(actor), challengeSlug, boxSlug);
  if (!organizer) throw forbidden(`${archive ? "archive" : "unarchive"} this black box`);
  const refusal = archiveRefusal(box, archive);
  if (refusal) throw new AppError("conflict", refusal);
  const now = new Date();
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(blackBoxes)
      .set({ archivedAt: archive ? now : null, updatedAt: now })
      .where(
        and(
          eq(blackBoxes.id, box.id),
          eq(blackBoxes.status, "revealed"),
          archive ? isNull(blackBoxes.archivedAt) : isNotNull(blackBoxes.archivedAt),
        ),
      )
      .returning();
    if (!updated) throw new AppError("conflict", "The black box changed meanwhile; reload and try again.");
    await writeAudit(tx, {
      challengeId: challenge.id,
      actor,
      action: archive ? "blackbox.archive" : "blackbox.unarchive",
      targetType: "black_box",
      targetId: box.id,
      details: archive
        ? { slug: box.slug, archivedAt: now.toISOString() }
        : { slug: box.slug, archivedSince: box.archivedAt?.toISOString() ?? null },
    });
    return viewOf(updated, true);
  });
}
