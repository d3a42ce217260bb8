import { apiRoute, readJson } from "@/lib/api/route";
import { getTeamFor, renameTeam } from "@/lib/teams";

type P = { id: string };

export const GET = apiRoute<P>(async ({ params, actor, db }) => ({
  team: await getTeamFor(db, actor, params.id),
}));

export const PATCH = apiRoute<P>(async ({ req, params, actor, db }) => ({
  team: await renameTeam(db, actor, params.id, await readJson(req)),
}));
