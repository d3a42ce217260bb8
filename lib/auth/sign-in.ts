import { and, count, eq, gt, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { authAttempts, type User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { findUserByEmail, normalizeEmail } from "@/lib/users";
import { burnPasswordCheck, verifyPassword } from "./password";

/** Failed attempts allowed per email, and per client address, within the window. */
export const SIGN_IN_LIMITS = { windowMinutes: 15, perEmail: 5, perIp: 30 } as const;

/**
 * Check an email + password, rate-limited by failed attempts per email and per client address
 * over the last 15 minutes (kept in the database, so every web instance sees the same count).
 * Throws `auth:rate_limited` when over the limit — even for the right password — and
 * `auth:invalid_credentials` for a wrong email or password (one message for both).
 */
export async function authenticateWithPassword(
  db: Db,
  rawEmail: string,
  password: string,
  ip: string,
): Promise<User> {
  const email = normalizeEmail(rawEmail);
  const since = new Date(Date.now() - SIGN_IN_LIMITS.windowMinutes * 60_000);
  // Record the attempt as a failure *before* counting, so that parallel guesses each see the
  // others: at most `perEmail` of them can get past the count, however many arrive at once.
  const [attempt] = await db
    .insert(authAttempts)
    .values({ email, ip, success: false })
    .returning({ id: authAttempts.id });
  if (!attempt) throw new AppError("internal", "could not record the sign-in attempt");
  const failures = (where: ReturnType<typeof eq>) =>
    db
      .select({ n: count() })
      .from(authAttempts)
      .where(and(where, eq(authAttempts.success, false), gt(authAttempts.createdAt, since)));
  const [[byEmail], [byIp]] = await Promise.all([
    failures(eq(authAttempts.email, email)),
    failures(eq(authAttempts.ip, ip)),
  ]);
  if ((byEmail?.n ?? 0) > SIGN_IN_LIMITS.perEmail || (byIp?.n ?? 0) > SIGN_IN_LIMITS.perIp) {
    // A refused attempt checks no password, so it does not count as a failed guess.
    await db.delete(authAttempts).where(eq(authAttempts.id, attempt.id));
    throw new AppError(
      "auth:rate_limited",
      `Too many failed sign-in attempts. Try again in ${SIGN_IN_LIMITS.windowMinutes} minutes.`,
    );
  }
  const user = await findUserByEmail(db, email);
  const ok = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : await burnPasswordCheck(password);
  if (ok) await db.update(authAttempts).set({ success: true }).where(eq(authAttempts.id, attempt.id));
  if (!ok || !user) throw new AppError("auth:invalid_credentials", "Wrong email or password.");
  return user;
}

/** Forget attempts older than a day (they no longer count); run at start-up. */
export async function pruneSignInAttempts(db: Db): Promise<void> {
  await db.delete(authAttempts).where(lt(authAttempts.createdAt, new Date(Date.now() - 86_400_000)));
}
