import { and, eq, ne, or, sql } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { type BlackBox, blackBoxes, submissions } from "@/lib/db/schema";
import { AppError, forbidden } from "@/lib/errors";
import { blobStore } from "@/lib/storage";
import { getBlackBox } from "./lifecycle";

/**
 * The stored files a box refers to: its public file, sealed truth file, column cache and, for an
 * imported box, the organizer's source files (`spec.import.sources[].blob`).
 */
export function boxBlobs(
  box: Pick<BlackBox, "publicBlob" | "truthBlob" | "scoringColumns" | "spec">,
): string[] {
  const sources = box.spec && "import" in box.spec ? box.spec.import.sources : [];
  const all = [box.publicBlob, box.truthBlob, box.scoringColumns?.blob, ...sources.map((s) => s.blob)];
  return [...new Set(all.filter((b): b is string => typeof b === "string" && /^[0-9a-f]{64}$/.test(b)))];
}

/**
 * Whether any box or submission still refers to the blob `sha`. Blobs are content-addressed, so two
 * boxes built from the same spec and whole-number seed, or imported from the same file, share one.
 */
async function blobInUse(db: Db, sha: string): Promise<boolean> {
  const [box] = await db
    .select({ id: blackBoxes.id })
    .from(blackBoxes)
    .where(
      or(
        eq(blackBoxes.publicBlob, sha),
        eq(blackBoxes.truthBlob, sha),
        sql`${blackBoxes.scoringColumns}->>'blob' = ${sha}`,
        sql`${blackBoxes.spec}::text like ${`%${sha}%`}`,
      ),
    )
    .limit(1);
  if (box) return true;
  const [sub] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .where(or(eq(submissions.blob, sha), eq(submissions.scoresBlob, sha)))
    .limit(1);
  return sub !== undefined;
}

/**
 * Delete a draft box (organizers of its challenge and admins; audited as `blackbox.delete`), then
 * the stored files only it referred to. Only drafts: a box that has been opened had a public file
 * participants may hold and a published commitment, so it stays for the record (409). A box being
 * built is refused too (409; delete it once the build has finished or failed), so the build job
 * never writes files for a box that is gone. Non-organizers get 404 for a draft (drafts are
 * invisible to them), 403 for a box they can see.
 *
 * The row goes in one transaction, conditional on the box still being a draft that is not building
 * (a racing open or build makes it a 409); the files are removed after the commit, so a failure
 * leaves every file in place.
 *
 * @throws AppError "auth:unauthenticated", "auth:forbidden", "not_found", "conflict".
 */
export async function deleteDraftBox(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
  boxSlug: string,
): Promise<{ slug: string; filesRemoved: number }> {
  const { box, challenge, organizer } = await getBlackBox(db, requireActor(actor), challengeSlug, boxSlug);
  if (!organizer) throw forbidden("delete this black box");
  if (box.status !== "draft")
    throw new AppError(
      "conflict",
      `Black box "${box.slug}" is ${box.status}: only a draft can be deleted. Once opened, a box's public file and commitment are published, so it stays.`,
    );
  if (box.buildStatus === "building")
    throw new AppError(
      "conflict",
      `Black box "${box.slug}" is being built; delete it once the build has finished or failed.`,
    );
  const unused = await db.transaction(async (tx) => {
    const [gone] = await tx
      .delete(blackBoxes)
      .where(
        and(
          eq(blackBoxes.id, box.id),
          eq(blackBoxes.status, "draft"),
          ne(blackBoxes.buildStatus, "building"),
        ),
      )
      .returning();
    if (!gone) throw new AppError("conflict", "The black box changed meanwhile; reload and try again.");
    const candidates = boxBlobs(gone);
    const free: string[] = [];
    for (const sha of candidates) if (!(await blobInUse(tx, sha))) free.push(sha);
    await writeAudit(tx, {
      challengeId: challenge.id,
      actor,
      action: "blackbox.delete",
      targetType: "black_box",
      targetId: box.id,
      details: { slug: box.slug, title: box.title, build: box.buildStatus, filesRemoved: free.length },
    });
    return free;
  });
  const store = blobStore();
  for (const sha of unused) store.remove(sha);
  return { slug: box.slug, filesRemoved: unused.length };
}
