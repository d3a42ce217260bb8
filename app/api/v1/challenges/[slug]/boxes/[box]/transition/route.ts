import { apiRoute, readJson } from "@/lib/api/route";
import { transitionBlackBox, transitionSchema } from "@/lib/blackboxes/lifecycle";
import { parseInput } from "@/lib/validation";

export const POST = apiRoute<{ slug: string; box: string }>(async ({ req, params, actor, db }) => {
  const { to } = parseInput(transitionSchema, await readJson(req));
  return {
    box: await transitionBlackBox(db, actor, { challengeSlug: params.slug, boxSlug: params.box }, to),
  };
});
