import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { accounts, type User, type UserRole, users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const signUpSchema = z.object({
  email: z.string().trim().email("must be an email address").max(254),
  name: z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"),
  password: z.string().superRefine((p, ctx) => {
    const problem = passwordProblem(p);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
});

export function toActor(user: User, via: Actor["via"]): Actor {
  return { id: user.id, email: user.email, name: user.name, role: user.role, via };
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .limit(1);
  return u;
}

export async function getUserById(db: Db, id: string): Promise<User | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u;
}

/** Create an email + password account. Throws `validation` naming the field, or `conflict`. */
export async function signUp(db: Db, input: unknown, role: UserRole = "participant"): Promise<User> {
  const data = parseInput(signUpSchema, input);
  const email = normalizeEmail(data.email);
  const passwordHash = await hashPassword(data.password);
  const [created] = await db
    .insert(users)
    .values({ email, name: data.name, passwordHash, role })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (!created) {
    throw new AppError("conflict", "An account with this email already exists. Sign in instead.", {
      fields: [{ field: "email", message: "is already registered" }],
    });
  }
  return created;
}

/**
 * Create the admin named by ARENA_ADMIN_EMAIL / ARENA_ADMIN_PASSWORD if missing, or make sure the
 * existing account has the admin role. The password of an existing account is left alone.
 */
export async function ensureAdmin(db: Db, email: string, password: string): Promise<"created" | "exists"> {
  const existing = await findUserByEmail(db, email);
  if (existing) {
    if (existing.role !== "admin")
      await db.update(users).set({ role: "admin" }).where(eq(users.id, existing.id));
    return "exists";
  }
  await signUp(db, { email, name: "Administrator", password }, "admin");
  return "created";
}

/**
 * Sign-in through an external identity provider: find the linked account; else, when the provider
 * vouches that the email is verified, link to the user with that email; else create a participant.
 * An unverified email that belongs to an existing account is refused (`conflict`): linking on it
 * would let anyone who can type that address at some provider take the account over.
 */
export async function upsertOAuthUser(
  db: Db,
  p: {
    provider: string;
    providerAccountId: string;
    type: string;
    email: string;
    emailVerified: boolean;
    name?: string | null;
  },
): Promise<User> {
  return db.transaction(async (tx) => {
    const [linked] = await tx
      .select({ user: users })
      .from(accounts)
      .innerJoin(users, eq(users.id, accounts.userId))
      .where(and(eq(accounts.provider, p.provider), eq(accounts.providerAccountId, p.providerAccountId)))
      .limit(1);
    if (linked) return linked.user;
    const email = normalizeEmail(p.email);
    let [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    if (user && !p.emailVerified) {
      throw new AppError(
        "conflict",
        "An account with this email exists already, and the provider did not confirm the address: sign in with your password.",
      );
    }
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({
          email,
          name: p.name?.trim() || email.split("@")[0] || email,
          emailVerified: p.emailVerified ? new Date() : null,
        })
        .returning();
    }
    if (!user) throw new AppError("internal", "could not create the user");
    await tx
      .insert(accounts)
      .values({ provider: p.provider, providerAccountId: p.providerAccountId, type: p.type, userId: user.id })
      .onConflictDoNothing();
    return user;
  });
}
