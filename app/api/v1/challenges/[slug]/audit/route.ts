import { apiRoute } from "@/lib/api/route";
import { listChallengeAudit } from "@/lib/challenges";

export const GET = apiRoute<{ slug: string }>(async ({ params, actor, db }) => ({
  entries: await listChallengeAudit(db, actor, params.slug),
}));
