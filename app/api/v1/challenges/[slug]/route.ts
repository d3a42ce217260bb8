import { apiRoute, publicApiRoute, readJson } from "@/lib/api/route";
import { getChallenge, updateChallenge } from "@/lib/challenges";

type P = { slug: string };

/** Public, like the challenge page; a draft is 404 to all but its organizers. */
export const GET = publicApiRoute<P>(async ({ params, actor, db }) => ({
  challenge: await getChallenge(db, actor, params.slug),
}));

export const PATCH = apiRoute<P>(async ({ req, params, actor, db }) => ({
  challenge: await updateChallenge(db, actor, params.slug, await readJson(req)),
}));
