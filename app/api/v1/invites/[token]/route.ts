import { apiRoute } from "@/lib/api/route";
import { joinTeam } from "@/lib/teams";

export const POST = apiRoute<{ token: string }>(async ({ params, actor, db }) => ({
  team: await joinTeam(db, actor, params.token),
}));
