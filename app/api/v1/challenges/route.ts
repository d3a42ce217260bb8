import { apiRoute, publicApiRoute, readJson } from "@/lib/api/route";
import { createChallenge, listChallenges } from "@/lib/challenges";

/** Public, like the home page: published and archived challenges (plus the drafts the caller organizes). */
export const GET = publicApiRoute(async ({ actor, db }) => ({ challenges: await listChallenges(db, actor) }));

export const POST = apiRoute(
  async ({ req, actor, db }) => ({ challenge: await createChallenge(db, actor, await readJson(req)) }),
  { status: 201 },
);
