import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { apiTokens, users } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { toActor } from "@/lib/users";
import { parseInput } from "@/lib/validation";

/** Tokens look like `arena_` + 32 base64url characters (192 random bits). */
export const TOKEN_PREFIX = "arena_";
const PREFIX_SHOWN = TOKEN_PREFIX.length + 6;

export type TokenInfo = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

/** The body of POST /api/v1/tokens. */
export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "is required").max(80, "must be at most 80 characters"),
  // Forms send "" for "no expiry"; the API may omit the field or send null.
  expiresInDays: z.preprocess(
    (v) => (v === "" || v === null ? undefined : v),
    z.coerce
      .number()
      .int("must be a whole number of days")
      .min(1, "must be at least 1")
      .max(3650, "must be at most 3650")
      .optional(),
  ),
});

const info = (t: typeof apiTokens.$inferSelect): TokenInfo => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
});

/** Create a token for the actor. The plain token is returned here once and never stored. */
export async function createApiToken(
  db: Db,
  actor: Actor | null,
  input: unknown,
): Promise<{ token: string; info: TokenInfo }> {
  const a = requireActor(actor);
  const data = parseInput(createTokenSchema, input);
  const token = randomSecret(24, TOKEN_PREFIX);
  const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null;
  const [row] = await db
    .insert(apiTokens)
    .values({
      userId: a.id,
      name: data.name,
      prefix: token.slice(0, PREFIX_SHOWN),
      tokenHash: sha256Hex(token),
      expiresAt,
    })
    .returning();
  if (!row) throw new AppError("internal", "could not create the token");
  return { token, info: info(row) };
}

export async function listApiTokens(db: Db, actor: Actor | null): Promise<TokenInfo[]> {
  const a = requireActor(actor);
  const rows = await db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, a.id))
    .orderBy(desc(apiTokens.createdAt));
  return rows.map(info);
}

/** Revoke one of the actor's tokens; effective for the very next request. */
export async function revokeApiToken(db: Db, actor: Actor | null, tokenId: string): Promise<void> {
  const a = requireActor(actor);
  if (!z.string().uuid().safeParse(tokenId).success) throw notFound("Token");
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, a.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (!row) throw notFound("Token");
}

/** Resolve a presented token to its owner. Looked up by hash on every request: no cache to go stale. */
export async function actorFromToken(db: Db, token: string): Promise<Actor> {
  if (!token.startsWith(TOKEN_PREFIX)) throw new AppError("token:invalid", "Invalid API token.");
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, sha256Hex(token)))
    .limit(1);
  if (!row) throw new AppError("token:invalid", "Invalid API token.");
  if (row.token.revokedAt) throw new AppError("token:revoked", "This API token was revoked.");
  if (row.token.expiresAt && row.token.expiresAt.getTime() <= Date.now()) {
    throw new AppError("token:revoked", "This API token has expired.");
  }
  const lastUsed = row.token.lastUsedAt?.getTime() ?? 0;
  if (Date.now() - lastUsed > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.token.id));
  }
  return toActor(row.user, "token");
}
