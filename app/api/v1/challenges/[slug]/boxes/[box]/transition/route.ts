import { z } from "zod";
import { apiRoute, readJson } from "@/lib/api/route";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { parseInput } from "@/lib/validation";

const body = z.object({
  to: z.enum(["open", "closed", "revealed"], { message: "must be open, closed or revealed" }),
});

export const POST = apiRoute<{ slug: string; box: string }>(async ({ req, params, actor, db }) => {
  const { to } = parseInput(body, await readJson(req));
  return {
    box: await transitionBlackBox(db, actor, { challengeSlug: params.slug, boxSlug: params.box }, to),
  };
});
