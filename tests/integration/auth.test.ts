import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword, SIGN_IN_LIMITS } from "@/lib/auth/sign-in";
import type { DbHandle } from "@/lib/db/client";
import { accounts, authAttempts, users } from "@/lib/db/schema";
import { ensureDemoAccounts } from "@/lib/demo/seed";
import type { AppError } from "@/lib/errors";
import { ensureAdmin, findUserByEmail, signUp, upsertOAuthUser } from "@/lib/users";
import { testDatabases } from "../support/db";
import { codeOf } from "../support/fixtures";

const PW = "a long passphrase";

describe.each(testDatabases())("accounts and sign-in on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h.close();
  });

  it("signs up with a normalised email and a bcrypt hash, never the password", async () => {
    const u = await signUp(h.db, { email: "  Ada@Example.ORG ", name: "Ada", password: PW });
    expect(u.email).toBe("ada@example.org");
    expect(u.role).toBe("participant");
    expect(u.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(JSON.stringify(await h.db.select().from(users))).not.toContain(PW);
    expect(await codeOf(signUp(h.db, { email: "ADA@example.org", name: "Ada 2", password: PW }))).toBe(
      "conflict",
    );
  });

  it("names each invalid field", async () => {
    try {
      await signUp(h.db, { email: "not-an-email", name: "", password: "short" });
      expect.unreachable();
    } catch (e) {
      const fields = (e as AppError).details?.fields?.map((f) => f.field).sort();
      expect(fields).toEqual(["email", "name", "password"]);
      expect((e as AppError).message).toMatch(/password: must have at least 10 characters/);
    }
    const long = "é".repeat(37); // 74 bytes: bcrypt would silently ignore the tail
    expect(await codeOf(signUp(h.db, { email: "long@x.org", name: "L", password: long }))).toBe("validation");
  });

  it("checks passwords, with one message for unknown email and wrong password", async () => {
    await signUp(h.db, { email: "grace@example.org", name: "Grace", password: PW });
    const ok = await authenticateWithPassword(h.db, "GRACE@example.org", PW, "10.0.0.1");
    expect(ok.email).toBe("grace@example.org");
    const wrong = authenticateWithPassword(h.db, "grace@example.org", "wrong password!", "10.0.0.1");
    await expect(wrong).rejects.toThrow("Wrong email or password.");
    const unknown = authenticateWithPassword(h.db, "nobody@example.org", PW, "10.0.0.1");
    await expect(unknown).rejects.toThrow("Wrong email or password.");
  });

  it("rate-limits failed attempts per email and source, even against the right password", async () => {
    await signUp(h.db, { email: "target@example.org", name: "T", password: PW });
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      expect(
        await codeOf(authenticateWithPassword(h.db, "target@example.org", `guess ${i}xxxxx`, "10.1.1.1")),
      ).toBe("auth:invalid_credentials");
    }
    expect(await codeOf(authenticateWithPassword(h.db, "target@example.org", PW, "10.1.1.1"))).toBe(
      "auth:rate_limited",
    );
    // Another account from another address is not affected.
    expect(await codeOf(authenticateWithPassword(h.db, "grace@example.org", PW, "10.9.9.9"))).toBe("ok");
    // Attempts older than the window no longer count.
    await h.db
      .update(authAttempts)
      .set({ createdAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(authAttempts.email, "target@example.org"));
    expect(await codeOf(authenticateWithPassword(h.db, "target@example.org", PW, "10.1.1.1"))).toBe("ok");
  });

  it("lets at most the limit of parallel guesses through", async () => {
    await signUp(h.db, { email: "burst@example.org", name: "B", password: PW });
    const codes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        codeOf(authenticateWithPassword(h.db, "burst@example.org", `guess ${i}xxxxxx`, "10.2.0.1")),
      ),
    );
    const checked = codes.filter((c) => c === "auth:invalid_credentials").length;
    expect(checked).toBeLessThanOrEqual(SIGN_IN_LIMITS.perPair);
    expect(codes.filter((c) => c === "auth:rate_limited").length).toBe(12 - checked);
  });

  it("rate-limits failed attempts per client address across emails", async () => {
    for (let i = 0; i < SIGN_IN_LIMITS.perSource; i++) {
      await codeOf(authenticateWithPassword(h.db, `spray${i}@example.org`, "whatever pw", "203.0.113.7"));
    }
    expect(await codeOf(authenticateWithPassword(h.db, "grace@example.org", PW, "203.0.113.7"))).toBe(
      "auth:rate_limited",
    );
    expect(await codeOf(authenticateWithPassword(h.db, "grace@example.org", PW, "203.0.113.8"))).toBe("ok");
  });

  it("creates the first admin from the environment once, and promotes an existing account", async () => {
    expect(await ensureAdmin(h.db, "root@example.org", "admin password 1")).toBe("created");
    expect(await ensureAdmin(h.db, "root@example.org", "another password")).toBe("exists");
    const root = await findUserByEmail(h.db, "root@example.org");
    expect(root?.role).toBe("admin");
    expect(
      await codeOf(authenticateWithPassword(h.db, "root@example.org", "admin password 1", "1.1.1.1")),
    ).toBe("ok");
    await ensureAdmin(h.db, "grace@example.org", "ignored password");
    expect((await findUserByEmail(h.db, "grace@example.org"))?.role).toBe("admin");
  });

  it("links external identities by provider account, then by email", async () => {
    // An unverified email must not take over the existing account.
    const takeover = upsertOAuthUser(h.db, {
      provider: "github",
      providerAccountId: "attacker",
      type: "oauth",
      email: "ada@example.org",
      emailVerified: false,
    });
    expect(await codeOf(takeover)).toBe("conflict");
    const a = await upsertOAuthUser(h.db, {
      provider: "oidc",
      providerAccountId: "cern-123",
      type: "oauth",
      email: "Ada@example.org",
      emailVerified: true,
    });
    expect(a.email).toBe("ada@example.org"); // linked to the existing account
    const b = await upsertOAuthUser(h.db, {
      provider: "github",
      providerAccountId: "cern-123",
      type: "oauth",
      email: "new@example.org",
      emailVerified: false,
      name: "Newcomer",
    });
    expect(b.id).not.toBe(a.id); // same id at another provider is another identity
    expect(b.name).toBe("Newcomer"); // a new email needs no verification to make a new account
    expect(b.emailVerified).toBeNull();
    const again = await upsertOAuthUser(h.db, {
      provider: "oidc",
      providerAccountId: "cern-123",
      type: "oauth",
      email: "changed@example.org",
      emailVerified: false,
    });
    expect(again.id).toBe(a.id);
    expect(await h.db.select().from(accounts)).toHaveLength(2);
  });

  it("creates the demo accounts once and returns their passwords only then", async () => {
    const first = await ensureDemoAccounts(h.db);
    expect(first.map((c) => c.role).sort()).toEqual(["organizer", "participant", "participant"]);
    for (const c of first) {
      expect(await codeOf(authenticateWithPassword(h.db, c.email, c.password, "127.0.0.1"))).toBe("ok");
    }
    expect(await ensureDemoAccounts(h.db)).toEqual([]);
  });
});
