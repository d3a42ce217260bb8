import { and, eq, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { authAttempts, type User } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { findUserByEmail, normalizeEmail } from "@/lib/users";
import { burnPasswordCheck, verifyPassword } from "./password";

/**
 * Sign-in throttles, all over failed attempts in the last `windowMinutes`. Past a limit the next
 * attempt must wait `delaySeconds` after the latest failure in that scope, doubling with each
 * further failure up to `maxDelayMinutes` — a delay, never a lock that outlasts the window:
 * - `perPair`: failures for one account from one source (client address). Someone guessing a
 *   password slows down themselves, not the owner signing in from elsewhere.
 * - `perSource`: failures from one source over all accounts (one address spraying many accounts).
 * - `perAccount`: failures for one account from all sources (a guesser with many addresses). This
 *   ceiling does not apply to a source that signed in to the account within `knownSourceDays`, so
 *   the owner at a familiar address always gets through.
 */
export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  perPair: 5,
  perSource: 30,
  perAccount: 100,
  delaySeconds: 60,
  accountDelaySeconds: 1,
  maxDelayMinutes: 15,
  accountMaxDelaySeconds: 60,
  knownSourceDays: 30,
} as const;

/** Seconds to wait after the latest failure once `failures` reached `limit` (0 below it). */
export function backoffSeconds(
  failures: number,
  limit: number,
  baseSeconds: number,
  maxSeconds: number,
): number {
  if (failures < limit) return 0;
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.min(failures - limit, 30));
}

/** Failed attempts in one scope within the window, and when the latest was (epoch ms). */
type Scope = { failures: number; latest: number | null };
type Counts = { pair: Scope; source: Scope; account: Scope; knownSource: boolean };

/** Seconds an attempt at `nowMs` must still wait under SIGN_IN_LIMITS; 0: go ahead. */
export function throttleWait(c: Counts, nowMs: number): number {
  const L = SIGN_IN_LIMITS;
  const max = L.maxDelayMinutes * 60;
  const rules: [Scope, number][] = [
    [c.pair, backoffSeconds(c.pair.failures, L.perPair, L.delaySeconds, max)],
    [c.source, backoffSeconds(c.source.failures, L.perSource, L.delaySeconds, max)],
    [
      c.account,
      c.knownSource
        ? 0
        : backoffSeconds(c.account.failures, L.perAccount, L.accountDelaySeconds, L.accountMaxDelaySeconds),
    ],
  ];
  return Math.max(
    0,
    ...rules.map(([s, wait]) => (wait > 0 && s.latest !== null ? wait - (nowMs - s.latest) / 1000 : 0)),
  );
}

/** The failures around one recorded attempt (itself left out), in the three scopes, in one query. */
async function recentFailures(
  db: Db,
  attempt: { id: number; at: Date },
  email: string,
  ip: string,
): Promise<Counts> {
  const L = SIGN_IN_LIMITS;
  // Timestamps go in as ISO text and come out as epoch seconds: the same on PGlite and postgres.js.
  const ago = (ms: number) => sql`${new Date(attempt.at.getTime() - ms).toISOString()}::timestamptz`;
  const since = ago(L.windowMinutes * 60_000);
  const inScope = (where: SQL) => {
    const failed = sql`${where} and not ${authAttempts.success} and ${authAttempts.createdAt} > ${since}`;
    return {
      failures: sql<number>`count(*) filter (where ${failed})`.mapWith(Number),
      latest: sql<number | null>`extract(epoch from max(${authAttempts.createdAt}) filter (where ${failed}))`,
    };
  };
  const pairWhere = sql`${authAttempts.email} = ${email} and ${authAttempts.ip} = ${ip}`;
  const [row] = await db
    .select({
      pair: inScope(pairWhere),
      source: inScope(sql`${authAttempts.ip} = ${ip}`),
      account: inScope(sql`${authAttempts.email} = ${email}`),
      knownSource: sql<boolean>`coalesce(bool_or(${pairWhere} and ${authAttempts.success} and ${authAttempts.createdAt} > ${ago(L.knownSourceDays * 86_400_000)}), false)`,
    })
    .from(authAttempts)
    .where(
      and(
        eq(authAttempts.kind, "sign-in"),
        ne(authAttempts.id, attempt.id),
        or(eq(authAttempts.email, email), eq(authAttempts.ip, ip)),
      ),
    );
  const scope = (s: { failures: number; latest: number | null } | undefined): Scope => ({
    failures: Number(s?.failures ?? 0),
    latest: s?.latest == null ? null : Number(s.latest) * 1000,
  });
  return {
    pair: scope(row?.pair),
    source: scope(row?.source),
    account: scope(row?.account),
    knownSource: row?.knownSource === true,
  };
}

const rateLimited = (seconds: number) => {
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${Math.ceil(seconds)} seconds`;
  return new AppError("auth:rate_limited", `Too many failed sign-in attempts. Try again in ${wait}.`);
};

/**
 * Check an email + password under the throttles of SIGN_IN_LIMITS (kept in the database, so every
 * web instance sees the same counts). Throws `auth:rate_limited` while a backoff runs — even for the
 * right password — and `auth:invalid_credentials` for a wrong email or password (one message, and
 * one bcrypt comparison, for both).
 */
export async function authenticateWithPassword(
  db: Db,
  rawEmail: string,
  password: string,
  ip: string,
): Promise<User> {
  const email = normalizeEmail(rawEmail);
  // Record the attempt as a failure *before* counting, so that parallel guesses each see the
  // others: at most `perPair` of a burst can get past the count, however many arrive at once.
  const [attempt] = await db
    .insert(authAttempts)
    .values({ kind: "sign-in", email, ip, success: false })
    .returning({ id: authAttempts.id, at: authAttempts.createdAt });
  if (!attempt) throw new AppError("internal", "could not record the sign-in attempt");
  const wait = throttleWait(await recentFailures(db, attempt, email, ip), attempt.at.getTime());
  if (wait > 0) {
    // A refused attempt checks no password, so it does not count as a failed guess.
    await db.delete(authAttempts).where(eq(authAttempts.id, attempt.id));
    throw rateLimited(wait);
  }
  const user = await findUserByEmail(db, email);
  const ok = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : await burnPasswordCheck(password);
  if (ok) await db.update(authAttempts).set({ success: true }).where(eq(authAttempts.id, attempt.id));
  if (!ok || !user) throw new AppError("auth:invalid_credentials", "Wrong email or password.");
  return user;
}

/**
 * Forget attempts that no longer count: failures and sign-ups after a day, successful sign-ins
 * (which mark a familiar source) after `knownSourceDays`. Run at start-up.
 */
export async function pruneSignInAttempts(db: Db): Promise<void> {
  const day = new Date(Date.now() - 86_400_000);
  const known = new Date(Date.now() - SIGN_IN_LIMITS.knownSourceDays * 86_400_000);
  await db
    .delete(authAttempts)
    .where(
      or(
        lt(authAttempts.createdAt, known),
        and(
          lt(authAttempts.createdAt, day),
          or(eq(authAttempts.success, false), eq(authAttempts.kind, "sign-up")),
        ),
      ),
    );
}
