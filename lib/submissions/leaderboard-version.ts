import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { blackBoxes } from "@/lib/db/schema";

/**
 * Mark the live leaderboards of a box (or of every box of a challenge) changed: called in the
 * transaction that writes an evaluation, takes a submission off the board or renames a team, so
 * every process's cached ranking of those boxes is stale from the commit on.
 */
export async function bumpLeaderboard(db: Db, where: { boxId: string } | { challengeId: string }) {
  await db
    .update(blackBoxes)
    .set({ leaderboardVersion: sql`${blackBoxes.leaderboardVersion} + 1` })
    .where("boxId" in where ? eq(blackBoxes.id, where.boxId) : eq(blackBoxes.challengeId, where.challengeId));
}
