import { apiRoute, publicApiRoute, readJson } from "@/lib/api/route";
import { parseArchivedFilter } from "@/lib/blackboxes/archive";
import { createBlackBox, listBlackBoxes } from "@/lib/blackboxes/lifecycle";

type P = { slug: string };

/**
 * Public, like the challenge page's box list: drafts and organizer-only fields for organizers only.
 * Archived boxes are listed too (`archivedAt` set) unless `?archived=false`.
 */
export const GET = publicApiRoute<P>(async ({ req, params, actor, db }) => ({
  boxes: await listBlackBoxes(db, actor, params.slug, {
    archived: parseArchivedFilter(new URL(req.url).searchParams.get("archived")),
  }),
}));

export const POST = apiRoute<P>(
  async ({ req, params, actor, db }) => ({
    box: await createBlackBox(db, actor, params.slug, await readJson(req)),
  }),
  { status: 201 },
);
