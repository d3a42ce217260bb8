import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { writeAudit } from "@/lib/audit";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { AppError, forbidden } from "@/lib/errors";
import { jobs } from "@/lib/jobs/definitions";
import { enqueue } from "@/lib/jobs/queue";
import { requeueBaselines } from "./baselines";
import { SCORER_VERSION } from "./truth";

/**
 * An organizer's rescore (e.g. after a scorer fix, such as SCORING §2 version 2): every submission
 * is scored again with the current scorer (its version is on each evaluation). On an open or closed
 * box the live leaderboards follow the new evaluations; on a revealed box they are frozen as a new
 * version once done, earlier versions staying as they were (SCORING §5). Audited. Returns the job
 * that fans the rescoring out.
 */
export async function requestRescore(db: Db, actor: Actor | null, challengeSlug: string, boxSlug: string) {
  const a = requireActor(actor);
  const { box, challenge, organizer } = await getBlackBox(db, a, challengeSlug, boxSlug);
  if (!organizer) throw forbidden("rescore this black box");
  if (box.status === "draft")
    throw new AppError("conflict", "A draft black box has no submissions to rescore: open it first.");
  const since = new Date().toISOString();
  return db.transaction(async (tx) => {
    const job = await enqueue(
      tx,
      jobs.boxReveal,
      { boxId: box.id, rescoreSince: since },
      { singletonKey: `box-rescore:${box.id}:${since}`, maxAttempts: 5 },
    );
    await writeAudit(tx, {
      challengeId: challenge.id,
      actor: a,
      action: "blackbox.rescore",
      targetType: "black_box",
      targetId: box.id,
      details: { slug: box.slug, since, status: box.status, scorerVersion: SCORER_VERSION },
    });
    return { jobId: job.id, since };
  });
}

/**
 * An organizer's request to compute a box's baselines again (after a change of the baseline code, or
 * on a new device): the score baselines' rows are replaced — their evaluations go with them — and
 * their jobs queued anew; the plain bump hunt is scored again. Frozen leaderboards keep what they
 * showed. Audited as `blackbox.baselines`. Not for drafts (nothing is public to compare with).
 */
export async function requestBaselines(db: Db, actor: Actor | null, challengeSlug: string, boxSlug: string) {
  const a = requireActor(actor);
  const { box, challenge, organizer } = await getBlackBox(db, a, challengeSlug, boxSlug);
  if (!organizer) throw forbidden("recompute the baselines of this black box");
  if (box.status === "draft")
    throw new AppError("conflict", "A draft black box gets its baselines when it opens.");
  const at = new Date().toISOString();
  return db.transaction(async (tx) => {
    const jobIds = await requeueBaselines(tx, box.id, at);
    await writeAudit(tx, {
      challengeId: challenge.id,
      actor: a,
      action: "blackbox.baselines",
      targetType: "black_box",
      targetId: box.id,
      details: { slug: box.slug, at },
    });
    return { jobIds, at };
  });
}
