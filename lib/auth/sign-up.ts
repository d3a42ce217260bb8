import { and, count, eq, gt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { authAttempts } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { normalizeEmail, signUp, signUpSchema } from "@/lib/users";
import { parseInput } from "@/lib/validation";

/** Accounts one source (client address) may ask for within the window (ARENA_SIGNUP_LIMIT). */
export function signUpLimits(): { windowMinutes: number; perSource: number } {
  return { windowMinutes: 60, perSource: env().ARENA_SIGNUP_LIMIT };
}

/**
 * Sign-up as the public form does it: validate (each bad field named), throttle per source, then
 * create the account. The answer is the same whether or not the email had an account already —
 * the password is hashed either way, so even the time taken says nothing — and an existing
 * account is left untouched: its owner signs in with the password they had.
 */
export async function requestAccount(db: Db, input: unknown, ip: string): Promise<{ email: string }> {
  const data = parseInput(signUpSchema, input);
  const email = normalizeEmail(data.email);
  // Recorded before counting, like sign-in attempts, so a parallel burst sees itself.
  const [attempt] = await db
    .insert(authAttempts)
    .values({ kind: "sign-up", email, ip, success: true })
    .returning({ id: authAttempts.id, at: authAttempts.createdAt });
  if (!attempt) throw new AppError("internal", "could not record the sign-up attempt");
  const limits = signUpLimits();
  const since = new Date(attempt.at.getTime() - limits.windowMinutes * 60_000);
  const [row] = await db
    .select({ n: count() })
    .from(authAttempts)
    .where(and(eq(authAttempts.kind, "sign-up"), eq(authAttempts.ip, ip), gt(authAttempts.createdAt, since)));
  if ((row?.n ?? 0) > limits.perSource) {
    await db.delete(authAttempts).where(eq(authAttempts.id, attempt.id));
    throw new AppError(
      "auth:rate_limited",
      `Too many sign-ups from your network. Try again in ${limits.windowMinutes} minutes.`,
    );
  }
  try {
    await signUp(db, data);
  } catch (e) {
    if (!(isAppError(e) && e.code === "conflict")) throw e;
  }
  return { email };
}
