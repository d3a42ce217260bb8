import { apiRoute } from "@/lib/api/route";
import { removeOrganizer } from "@/lib/challenges";

export const DELETE = apiRoute<{ slug: string; userId: string }>(async ({ params, actor, db }) => ({
  organizers: await removeOrganizer(db, actor, params.slug, params.userId),
}));
