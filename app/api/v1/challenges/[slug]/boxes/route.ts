import { apiRoute, publicApiRoute, readJson } from "@/lib/api/route";
import { createBlackBox, listBlackBoxes } from "@/lib/blackboxes/lifecycle";

type P = { slug: string };

/** Public, like the challenge page's box list: drafts and organizer-only fields for organizers only. */
export const GET = publicApiRoute<P>(async ({ params, actor, db }) => ({
  boxes: await listBlackBoxes(db, actor, params.slug),
}));

export const POST = apiRoute<P>(
  async ({ req, params, actor, db }) => ({
    box: await createBlackBox(db, actor, params.slug, await readJson(req)),
  }),
  { status: 201 },
);
