import { apiRoute, readJson } from "@/lib/api/route";
import { createBlackBox, listBlackBoxes } from "@/lib/blackboxes/lifecycle";

type P = { slug: string };

export const GET = apiRoute<P>(async ({ params, actor, db }) => ({
  boxes: await listBlackBoxes(db, actor, params.slug),
}));

export const POST = apiRoute<P>(
  async ({ req, params, actor, db }) => ({
    box: await createBlackBox(db, actor, params.slug, await readJson(req)),
  }),
  { status: 201 },
);
