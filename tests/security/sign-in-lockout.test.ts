import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword, SIGN_IN_LIMITS } from "@/lib/auth/sign-in";
import type { DbHandle } from "@/lib/db/client";
import { authAttempts } from "@/lib/db/schema";
import { signUp } from "@/lib/users";
import { testDatabases } from "../support/db";
import { codeOf } from "../support/fixtures";

// Issue 15 item 9: six wrong passwords from anywhere locked the right owner out for 15 minutes.
const PW = "the owner's passphrase";
const ATTACKER = "198.51.100.66";
const OWNER = "192.0.2.10";

describe.each(testDatabases())("sign-in throttling cannot lock the owner out, on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h.close();
  });

  /** Move an account's recorded attempts `seconds` into the past (instead of waiting). */
  const age = (email: string, seconds: number, ip?: string) =>
    h.db
      .update(authAttempts)
      .set({ createdAt: sql`${authAttempts.createdAt} - make_interval(secs => ${seconds})` })
      .where(
        ip ? and(eq(authAttempts.email, email), eq(authAttempts.ip, ip)) : eq(authAttempts.email, email),
      );

  it("lets the owner in after an attacker's wrong passwords from another address", async () => {
    await signUp(h.db, { email: "victim@example.org", name: "V", password: PW });
    for (let i = 0; i < 8; i++) {
      await codeOf(authenticateWithPassword(h.db, "victim@example.org", `wrong guess ${i}`, ATTACKER));
    }
    expect(await codeOf(authenticateWithPassword(h.db, "victim@example.org", PW, OWNER))).toBe("ok");
    // The attacker's own address is the one held back, even with the right password.
    expect(await codeOf(authenticateWithPassword(h.db, "victim@example.org", PW, ATTACKER))).toBe(
      "auth:rate_limited",
    );
  });

  it("backs the guessing source off exponentially instead of locking for the window", async () => {
    await signUp(h.db, { email: "slow@example.org", name: "S", password: PW });
    const guess = (i: number) =>
      codeOf(authenticateWithPassword(h.db, "slow@example.org", `nope ${i}xxxxx`, ATTACKER));
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) expect(await guess(i)).toBe("auth:invalid_credentials");
    expect(await guess(100)).toBe("auth:rate_limited");
    // One base delay later one more guess is checked; then the wait has doubled.
    await age("slow@example.org", SIGN_IN_LIMITS.delaySeconds + 1);
    expect(await guess(101)).toBe("auth:invalid_credentials");
    await age("slow@example.org", SIGN_IN_LIMITS.delaySeconds + 1);
    expect(await guess(102)).toBe("auth:rate_limited");
    await age("slow@example.org", SIGN_IN_LIMITS.delaySeconds);
    expect(await guess(103)).toBe("auth:invalid_credentials");
    // The owner, from the attacker's network too, is in once the backoff has run (never a lock).
    await age("slow@example.org", SIGN_IN_LIMITS.maxDelayMinutes * 60);
    expect(await codeOf(authenticateWithPassword(h.db, "slow@example.org", PW, ATTACKER))).toBe("ok");
  });

  it("meets a many-address guesser with a short delay, and the owner's familiar address passes", async () => {
    await signUp(h.db, { email: "famous@example.org", name: "F", password: PW });
    expect(await codeOf(authenticateWithPassword(h.db, "famous@example.org", PW, OWNER))).toBe("ok");
    // 150 failures from 150 addresses (written directly: the bcrypt work would add nothing here).
    await h.db.insert(authAttempts).values(
      Array.from({ length: 150 }, (_, i) => ({
        kind: "sign-in" as const,
        email: "famous@example.org",
        ip: `203.0.${Math.floor(i / 200)}.${i % 200}`,
        success: false,
      })),
    );
    expect(await codeOf(authenticateWithPassword(h.db, "famous@example.org", PW, OWNER))).toBe("ok");
    // A new address waits at most the account ceiling's delay — a delay, not a lock.
    expect(await codeOf(authenticateWithPassword(h.db, "famous@example.org", PW, "192.0.2.99"))).toBe(
      "auth:rate_limited",
    );
    await age("famous@example.org", SIGN_IN_LIMITS.accountMaxDelaySeconds + 1);
    expect(await codeOf(authenticateWithPassword(h.db, "famous@example.org", PW, "192.0.2.99"))).toBe("ok");
  });
});
