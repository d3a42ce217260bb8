import { apiRoute, publicApiRoute, readJson } from "@/lib/api/route";
import { getTeamFor, renameTeam } from "@/lib/teams";

type P = { id: string };

/** Public, like the team page: emails only to members and organizers; teams of drafts are 404. */
export const GET = publicApiRoute<P>(async ({ params, actor, db }) => ({
  team: await getTeamFor(db, actor, params.id),
}));

export const PATCH = apiRoute<P>(async ({ req, params, actor, db }) => ({
  team: await renameTeam(db, actor, params.id, await readJson(req)),
}));
