import { apiRoute, publicApiRoute, readJson } from "@/lib/api/route";
import { getChallenge } from "@/lib/challenges";
import { createTeam, listTeams } from "@/lib/teams";

type P = { slug: string };

/** Public, like the challenge page's team list. */
export const GET = publicApiRoute<P>(async ({ params, actor, db }) => {
  const c = await getChallenge(db, actor, params.slug);
  return { teams: await listTeams(db, c.id) };
});

export const POST = apiRoute<P>(
  async ({ req, params, actor, db }) => ({
    team: await createTeam(db, actor, params.slug, await readJson(req)),
  }),
  { status: 201 },
);
