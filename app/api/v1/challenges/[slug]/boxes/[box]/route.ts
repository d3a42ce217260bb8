import { publicApiRoute } from "@/lib/api/route";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";

/** Public, like the box page: a draft is 404, truth only where `truthVisible` allows (lib/blackboxes). */
export const GET = publicApiRoute<{ slug: string; box: string }>(async ({ params, actor, db }) => ({
  box: (await getBlackBox(db, actor, params.slug, params.box)).view,
}));
