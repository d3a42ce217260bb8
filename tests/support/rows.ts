import { count } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import * as schema from "@/lib/db/schema";

const TABLES = {
  users: schema.users,
  accounts: schema.accounts,
  api_tokens: schema.apiTokens,
  challenges: schema.challenges,
  challenge_organizers: schema.challengeOrganizers,
  teams: schema.teams,
  team_members: schema.teamMembers,
  team_invites: schema.teamInvites,
  black_boxes: schema.blackBoxes,
  submissions: schema.submissions,
  evaluations: schema.evaluations,
  leaderboard_snapshots: schema.leaderboardSnapshots,
  audit_log: schema.auditLog,
  jobs: schema.jobs,
};

/** Row counts of every product table, to show a refused request left nothing behind. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(TABLES)) {
    const [r] = await db.select({ n: count() }).from(table);
    out[name] = r?.n ?? 0;
  }
  return out;
}
