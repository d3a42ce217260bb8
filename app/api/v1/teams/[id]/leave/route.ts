import { apiRoute } from "@/lib/api/route";
import { leaveTeam } from "@/lib/teams";

export const POST = apiRoute<{ id: string }>(async ({ params, actor, db }) =>
  leaveTeam(db, actor, params.id),
);
