import { apiRoute, readJson } from "@/lib/api/route";
import { addOrganizer, listOrganizersFor } from "@/lib/challenges";

type P = { slug: string };

export const GET = apiRoute<P>(async ({ params, actor, db }) => ({
  organizers: await listOrganizersFor(db, actor, params.slug),
}));

export const POST = apiRoute<P>(
  async ({ req, params, actor, db }) => ({
    organizers: await addOrganizer(db, actor, params.slug, await readJson(req)),
  }),
  { status: 201 },
);
