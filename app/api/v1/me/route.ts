import { apiRoute } from "@/lib/api/route";
import { listMyTeams } from "@/lib/teams";

export const GET = apiRoute(async ({ actor, db }) => ({
  user: { id: actor.id, email: actor.email, name: actor.name, role: actor.role },
  teams: await listMyTeams(db, actor),
}));
