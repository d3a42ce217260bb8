import { apiRoute } from "@/lib/api/route";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";

export const GET = apiRoute<{ slug: string; box: string }>(async ({ params, actor, db }) => ({
  box: (await getBlackBox(db, actor, params.slug, params.box)).view,
}));
