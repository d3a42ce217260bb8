import { apiRoute, readJson } from "@/lib/api/route";
import { createChallenge, listChallenges } from "@/lib/challenges";

export const GET = apiRoute(async ({ actor, db }) => ({ challenges: await listChallenges(db, actor) }));

export const POST = apiRoute(
  async ({ req, actor, db }) => ({ challenge: await createChallenge(db, actor, await readJson(req)) }),
  { status: 201 },
);
