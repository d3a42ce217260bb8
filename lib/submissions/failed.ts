import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { submissions } from "@/lib/db/schema";
import { bumpLeaderboard } from "./leaderboard-version";

/**
 * End a submission's scoring as failed with `reason` and refund it: `counted = false` takes it out of
 * the team's quota (quotaState counts counted rows only). The one failure path of scoring: the
 * handler's (an unreadable file, a bug on the last attempt) and a dead job's. `onlyUnfinished`: leave
 * a submission that is scored (a reveal rescoring that died keeps the live evaluation) or failed.
 * A scored submission that fails (a rescoring's last attempt) leaves the board, so the box's cached
 * leaderboards are marked stale in the same transaction. Returns whether a row changed.
 */
export async function failScoring(
  db: Db,
  submissionId: string,
  reason: string,
  opts: { onlyUnfinished?: boolean } = {},
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ status: submissions.status, boxId: submissions.blackBoxId })
      .from(submissions)
      .where(eq(submissions.id, submissionId))
      .for("update");
    if (!before) return false;
    if (opts.onlyUnfinished && before.status !== "queued" && before.status !== "scoring") return false;
    await tx
      .update(submissions)
      .set({
        status: "failed",
        counted: false,
        error: { message: `Scoring failed: ${reason}. The submission was not counted against your quota.` },
      })
      .where(eq(submissions.id, submissionId));
    if (before.status === "scored") await bumpLeaderboard(tx, { boxId: before.boxId });
    return true;
  });
}
