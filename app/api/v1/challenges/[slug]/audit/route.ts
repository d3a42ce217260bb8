import { apiRoute } from "@/lib/api/route";
import { listAuditEntries } from "@/lib/audit";
import { requireChallengeOrganizer } from "@/lib/auth/permissions";
import { getChallenge } from "@/lib/challenges";

export const GET = apiRoute<{ slug: string }>(async ({ params, actor, db }) => {
  const c = await getChallenge(db, actor, params.slug);
  await requireChallengeOrganizer(db, actor, c, "read this challenge's audit log");
  return { entries: await listAuditEntries(db, c.id) };
});
