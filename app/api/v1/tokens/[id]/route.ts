import { apiRoute } from "@/lib/api/route";
import { revokeApiToken } from "@/lib/tokens";

export const DELETE = apiRoute<{ id: string }>(async ({ params, actor, db }) => {
  await revokeApiToken(db, actor, params.id);
  return { ok: true, revoked: params.id };
});
