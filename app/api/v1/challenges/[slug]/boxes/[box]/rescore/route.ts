import { apiRoute } from "@/lib/api/route";
import { requestRescore } from "@/lib/submissions/rescore";

/** Organizers: rescore every submission of a revealed box; the leaderboards get a new frozen version. */
export const POST = apiRoute<{ slug: string; box: string }>(
  async ({ params, actor, db }) => requestRescore(db, actor, params.slug, params.box),
  { status: 202 },
);
