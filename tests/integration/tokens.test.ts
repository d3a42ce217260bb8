import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/lib/db/client";
import { apiTokens } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { actorFromToken, createApiToken, listApiTokens, revokeApiToken } from "@/lib/tokens";
import { sha256Hex } from "@/lib/secrets";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";

describe.each(testDatabases())("API tokens on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h.close();
  });

  it("stores only a hash and a short prefix, and resolves the token to its owner", async () => {
    const u = await makeUser(h.db);
    const { token, info } = await createApiToken(h.db, u, { name: "notebook" });
    expect(token).toMatch(/^arena_[A-Za-z0-9_-]{32}$/);
    expect(info.prefix).toBe(token.slice(0, 12));
    const stored = JSON.stringify(await h.db.select().from(apiTokens));
    expect(stored).not.toContain(token);
    expect(stored).toContain(sha256Hex(token));
    const actor = await actorFromToken(h.db, token);
    expect(actor).toMatchObject({ id: u.id, via: "token" });
    expect((await listApiTokens(h.db, u)).map((t) => t.name)).toEqual(["notebook"]);
  });

  it("revokes at once; only the owner can revoke", async () => {
    const u = await makeUser(h.db);
    const other = await makeUser(h.db);
    const { token, info } = await createApiToken(h.db, u, { name: "ci" });
    await expect(revokeApiToken(h.db, other, info.id)).rejects.toThrow(/not found/);
    await actorFromToken(h.db, token);
    await revokeApiToken(h.db, u, info.id);
    await expect(actorFromToken(h.db, token)).rejects.toMatchObject({ code: "token:revoked" });
    await expect(revokeApiToken(h.db, u, info.id)).rejects.toBeInstanceOf(AppError);
    expect((await listApiTokens(h.db, u))[0]?.revokedAt).toBeInstanceOf(Date);
  });

  it("expires tokens created with a lifetime, and validates the name", async () => {
    const u = await makeUser(h.db);
    const { token, info } = await createApiToken(h.db, u, { name: "short", expiresInDays: 1 });
    expect(info.expiresAt!.getTime() - Date.now()).toBeGreaterThan(86_000_000);
    await h.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) });
    await expect(actorFromToken(h.db, token)).rejects.toThrow(/expired/);
    await expect(createApiToken(h.db, u, { name: "  " })).rejects.toMatchObject({
      code: "validation",
      details: { fields: [{ field: "name", message: "is required" }] },
    });
    await expect(createApiToken(h.db, null, { name: "x" })).rejects.toMatchObject({
      code: "auth:unauthenticated",
    });
  });
});

describe.each(testDatabases())("API token expiry input on $name", ({ open }) => {
  it("treats an empty or null expiry as no expiry (the form sends an empty string)", async () => {
    const h = await open();
    try {
      const u = await makeUser(h.db);
      for (const expiresInDays of ["", null, undefined]) {
        const { info } = await createApiToken(h.db, u, { name: "forever", expiresInDays });
        expect(info.expiresAt).toBeNull();
      }
      await expect(createApiToken(h.db, u, { name: "x", expiresInDays: "0" })).rejects.toMatchObject({
        details: { fields: [{ field: "expiresInDays", message: "must be at least 1" }] },
      });
    } finally {
      await h.close();
    }
  });
});
