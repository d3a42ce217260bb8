import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { AppError, forbidden } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";

/**
 * An organizer's rescore of a revealed box (e.g. after a scorer fix): every submission is scored
 * again, and the leaderboards are frozen as a new version once done; earlier versions stay as they
 * were (SCORING §5). Audited. Returns the job that fans the rescoring out.
 */
export async function requestRescore(db: Db, actor: Actor | null, challengeSlug: string, boxSlug: string) {
  const a = requireActor(actor);
  const { box, challenge, organizer } = await getBlackBox(db, a, challengeSlug, boxSlug);
  if (!organizer) throw forbidden("rescore this black box");
  if (box.status !== "revealed")
    throw new AppError(
      "conflict",
      `A ${box.status} black box is rescored at its reveal; rescoring by hand comes after it.`,
    );
  const since = new Date().toISOString();
  return db.transaction(async (tx) => {
    const job = await enqueueJob(tx, {
      kind: "box-reveal",
      payload: { boxId: box.id, rescoreSince: since },
      singletonKey: `box-rescore:${box.id}:${since}`,
      maxAttempts: 5,
    });
    await writeAudit(tx, {
      challengeId: challenge.id,
      actor: a,
      action: "blackbox.rescore",
      targetType: "black_box",
      targetId: box.id,
      details: { slug: box.slug, since },
    });
    return { jobId: job.id, since };
  });
}
