import { listUsers } from "@/lib/admin";
import { apiRoute } from "@/lib/api/route";

export const GET = apiRoute(async ({ actor, db }) => ({ users: await listUsers(db, actor) }));
