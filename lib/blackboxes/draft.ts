import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { type BlackBox, blackBoxes } from "@/lib/db/schema";
import { jobs } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queue";
import type { BoxFields } from "./lifecycle";

/** A draft box to insert: the organizer's fields and the (truth) spec. */
export type DraftBox = BoxFields & { spec: NonNullable<(typeof blackBoxes.$inferInsert)["spec"]> };

/**
 * Insert a draft box with its (truth) spec and its audit entry (`blackbox.create`, details `audit`,
 * by default slug and mode) in one transaction; with `build`, its build is queued in the same
 * transaction (the box is "building" from the start, and opens itself when built if
 * `openWhenBuilt`). Returns undefined, changing nothing, when the challenge has a box of that slug.
 * No permission check: callers check the organizer (insertDraftBox) or act for the server (the demo).
 */
export async function createDraftBox(
  db: Db,
  challengeId: string,
  actor: Actor | null,
  data: DraftBox,
  opts: { build?: { openWhenBuilt: boolean }; audit?: Record<string, unknown> } = {},
): Promise<BlackBox | undefined> {
  return db.transaction(async (tx) => {
    const [box] = await tx
      .insert(blackBoxes)
      .values({
        ...data,
        challengeId,
        closesAt: data.closesAt ?? null,
        revealAt: data.revealAt ?? null,
        ...(opts.build && { buildStatus: "building" as const }),
      })
      .onConflictDoNothing()
      .returning();
    if (!box) return undefined;
    if (opts.build) {
      const job = await enqueue(
        tx,
        jobs.buildBlackbox,
        { boxId: box.id, openWhenBuilt: opts.build.openWhenBuilt },
        { maxAttempts: 3 },
      );
      await tx.update(blackBoxes).set({ buildJobId: job.id }).where(eq(blackBoxes.id, box.id));
      box.buildJobId = job.id;
    }
    await writeAudit(tx, {
      challengeId,
      actor,
      action: "blackbox.create",
      targetType: "black_box",
      targetId: box.id,
      details: opts.audit ?? { slug: box.slug, mode: box.mode },
    });
    return box;
  });
}
