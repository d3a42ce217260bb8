import { apiRoute, publicApiRoute } from "@/lib/api/route";
import { deleteDraftBox } from "@/lib/blackboxes/delete";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";

/** Public, like the box page: a draft is 404, truth only where `truthVisible` allows (lib/blackboxes). */
export const GET = publicApiRoute<{ slug: string; box: string }>(async ({ params, actor, db }) => ({
  box: (await getBlackBox(db, actor, params.slug, params.box)).view,
}));

/** Delete a draft box (organizers; 409 once it has been opened, or while it is being built). */
export const DELETE = apiRoute<{ slug: string; box: string }>(async ({ params, actor, db }) => ({
  deleted: await deleteDraftBox(db, actor, params.slug, params.box),
}));
