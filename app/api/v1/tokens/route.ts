import { apiRoute, readJson } from "@/lib/api/route";
import { createApiToken, listApiTokens } from "@/lib/tokens";

export const GET = apiRoute(async ({ actor, db }) => ({ tokens: await listApiTokens(db, actor) }));

export const POST = apiRoute(
  async ({ req, actor, db }) => {
    const { token, info } = await createApiToken(db, actor, await readJson(req));
    return { token, ...info, note: "Store this token now: it is shown only once." };
  },
  { status: 201 },
);
