import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { submissions } from "@/lib/db/schema";

/**
 * End a submission's scoring as failed with `reason` and refund it: `counted = false` takes it out of
 * the team's quota (quotaState counts counted rows only). The one failure path of scoring: the
 * handler's (an unreadable file, a bug on the last attempt) and a dead job's. `onlyUnfinished`: leave
 * a submission that is scored (a reveal rescoring that died keeps the live evaluation) or failed.
 * Returns whether a row changed.
 */
export async function failScoring(
  db: Db,
  submissionId: string,
  reason: string,
  opts: { onlyUnfinished?: boolean } = {},
): Promise<boolean> {
  const rows = await db
    .update(submissions)
    .set({
      status: "failed",
      counted: false,
      error: { message: `Scoring failed: ${reason}. The submission was not counted against your quota.` },
    })
    .where(
      and(
        eq(submissions.id, submissionId),
        opts.onlyUnfinished ? inArray(submissions.status, ["queued", "scoring"]) : undefined,
      ),
    )
    .returning({ id: submissions.id });
  return rows.length === 1;
}
