import { apiRoute, readJson } from "@/lib/api/route";
import { requireChallengeOrganizer } from "@/lib/auth/permissions";
import { addOrganizer, getChallenge, listOrganizers } from "@/lib/challenges";

type P = { slug: string };

export const GET = apiRoute<P>(async ({ params, actor, db }) => {
  const c = await getChallenge(db, actor, params.slug);
  await requireChallengeOrganizer(db, actor, c, "see the organizers' accounts");
  return { organizers: await listOrganizers(db, c.id) };
});

export const POST = apiRoute<P>(
  async ({ req, params, actor, db }) => ({
    organizers: await addOrganizer(db, actor, params.slug, await readJson(req)),
  }),
  { status: 201 },
);
