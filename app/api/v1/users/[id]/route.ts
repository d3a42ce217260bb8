import { setUserRole } from "@/lib/admin";
import { apiRoute, readJson } from "@/lib/api/route";

export const PATCH = apiRoute<{ id: string }>(async ({ req, params, actor, db }) => ({
  user: await setUserRole(db, actor, params.id, await readJson(req)),
}));
