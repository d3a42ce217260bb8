import { apiRoute } from "@/lib/api/route";
import { env } from "@/lib/env";
import { createInvite } from "@/lib/teams";

export const POST = apiRoute<{ id: string }>(
  async ({ req, params, actor, db }) => {
    const { token, expiresAt } = await createInvite(db, actor, params.id);
    return { token, url: new URL(`/invite/${token}`, env().NEXTAUTH_URL ?? req.url).toString(), expiresAt };
  },
  { status: 201 },
);
