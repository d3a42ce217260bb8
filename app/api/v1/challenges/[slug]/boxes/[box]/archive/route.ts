import { apiRoute } from "@/lib/api/route";
import { setBoxArchived } from "@/lib/blackboxes/archive";

type P = { slug: string; box: string };

/** Archive a revealed box (organizers; 409 naming the state for any other box). Nothing is deleted. */
export const POST = apiRoute<P>(async ({ params, actor, db }) => ({
  box: await setBoxArchived(db, actor, params.slug, params.box, true),
}));

/** Unarchive: the box is listed with the active ones again (organizers; 409 if it is not archived). */
export const DELETE = apiRoute<P>(async ({ params, actor, db }) => ({
  box: await setBoxArchived(db, actor, params.slug, params.box, false),
}));
