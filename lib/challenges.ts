import { and, asc, desc, eq, inArray, ne, or } from "drizzle-orm";
import { z } from "zod";
import { type AuditRow, listAuditEntries, writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import {
  canCreateChallenge,
  canViewChallenge,
  requireActor,
  requireChallengeOrganizer,
} from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { CHALLENGE_STATUSES, type Challenge, challengeOrganizers, challenges, users } from "@/lib/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { findUserByEmail } from "@/lib/users";
import { parseInput } from "@/lib/validation";

// Form fields (datetime-local) carry no zone: the forms say UTC, so read them as UTC, never as the
// server's local time. Full ISO 8601 strings with a zone are taken as given.
const NAIVE_DATETIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;
const optionalDate = z.preprocess((v) => {
  if (v === "" || v === null) return null;
  if (typeof v === "string" && NAIVE_DATETIME.test(v))
    return new Date(v.includes("T") ? `${v}Z` : `${v}T00:00Z`);
  return v;
}, z.union([z.null(), z.coerce.date({ message: "must be a date (ISO 8601)" })]).optional());

const fields = {
  title: z
    .string()
    .trim()
    .min(3, "must have at least 3 characters")
    .max(120, "must be at most 120 characters"),
  summary: z.string().trim().max(300, "must be at most 300 characters"),
  // Browsers submit textarea line breaks as CRLF: store plain LF so an untouched text is unchanged.
  description: z
    .string()
    .transform((s) => s.replace(/\r\n?/g, "\n"))
    .pipe(z.string().max(20_000, "must be at most 20000 characters")),
  status: z.enum(CHALLENGE_STATUSES, { message: `must be one of ${CHALLENGE_STATUSES.join(", ")}` }),
  maxTeamSize: z.coerce
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100"),
  startsAt: optionalDate,
  endsAt: optionalDate,
};

const slugSchema = z
  .string()
  .trim()
  .min(3, "must have at least 3 characters")
  .max(60, "must be at most 60 characters")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "may contain only lowercase letters, digits and single dashes");

/** The body of POST /api/v1/challenges (also the OpenAPI document's NewChallenge). */
export const createChallengeSchema = z
  .object({
    slug: slugSchema,
    ...fields,
    summary: fields.summary.default(""),
    description: fields.description.default(""),
  })
  .partial({ status: true, maxTeamSize: true, startsAt: true, endsAt: true })
  .refine((c) => !c.startsAt || !c.endsAt || c.startsAt < c.endsAt, {
    message: "must be after startsAt",
    path: ["endsAt"],
  });

/** The body of PATCH /api/v1/challenges/{slug}: any of the fields, each with the create rules. */
export const updateChallengeSchema = z
  .object(fields)
  .partial()
  .refine((c) => !c.startsAt || !c.endsAt || c.startsAt < c.endsAt, {
    message: "must be after startsAt",
    path: ["endsAt"],
  });

export type ChallengeView = Challenge & { isOrganizer: boolean };

/** Published and archived challenges for everyone, plus the drafts the actor organizes. */
export async function listChallenges(db: Db, actor: Actor | null): Promise<Challenge[]> {
  const visible = [ne(challenges.status, "draft")];
  if (actor?.role === "admin") return db.select().from(challenges).orderBy(desc(challenges.createdAt));
  if (actor) {
    const mine = db
      .select({ id: challengeOrganizers.challengeId })
      .from(challengeOrganizers)
      .where(eq(challengeOrganizers.userId, actor.id));
    visible.push(inArray(challenges.id, mine));
  }
  return db
    .select()
    .from(challenges)
    .where(or(...visible))
    .orderBy(desc(challenges.createdAt));
}

/** A challenge by slug, or `not_found` — also for drafts the actor may not see (no existence leak). */
export async function getChallenge(db: Db, actor: Actor | null, slug: string): Promise<Challenge> {
  const [c] = await db.select().from(challenges).where(eq(challenges.slug, slug)).limit(1);
  if (!c || !(await canViewChallenge(db, actor, c))) throw notFound("Challenge");
  return c;
}

export async function createChallenge(db: Db, actor: Actor | null, input: unknown): Promise<Challenge> {
  const a = requireActor(actor);
  if (!canCreateChallenge(a)) throw forbidden("create challenges (ask an admin for the organizer role)");
  const data = parseInput(createChallengeSchema, input);
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(challenges)
      .values({ ...data, createdBy: a.id })
      .onConflictDoNothing()
      .returning();
    if (!c) {
      throw new AppError("conflict", `The slug "${data.slug}" is taken; choose another.`, {
        fields: [{ field: "slug", message: "is already used by another challenge" }],
      });
    }
    await tx.insert(challengeOrganizers).values({ challengeId: c.id, userId: a.id, addedBy: a.id });
    await writeAudit(tx, {
      challengeId: c.id,
      actor: a,
      action: "challenge.create",
      targetType: "challenge",
      targetId: c.id,
      details: { slug: c.slug, title: c.title },
    });
    return c;
  });
}

export async function updateChallenge(
  db: Db,
  actor: Actor | null,
  slug: string,
  input: unknown,
): Promise<Challenge> {
  const c = await getChallenge(db, requireActor(actor), slug);
  const a = await requireChallengeOrganizer(db, actor, c, "edit this challenge");
  const data = parseInput(updateChallengeSchema, input);
  const merged = { startsAt: c.startsAt, endsAt: c.endsAt, ...data };
  if (merged.startsAt && merged.endsAt && merged.startsAt >= merged.endsAt) {
    throw new AppError("validation", "Invalid input — endsAt: must be after startsAt", {
      fields: [{ field: "endsAt", message: "must be after startsAt" }],
    });
  }
  const changed = Object.fromEntries(
    Object.entries(data).filter(([k, v]) => String(v) !== String(c[k as keyof Challenge])),
  );
  if (Object.keys(changed).length === 0) return c;
  return db.transaction(async (tx) => {
    const [u] = await tx
      .update(challenges)
      .set({ ...changed, updatedAt: new Date() })
      .where(eq(challenges.id, c.id))
      .returning();
    await writeAudit(tx, {
      challengeId: c.id,
      actor: a,
      action: "challenge.update",
      targetType: "challenge",
      targetId: c.id,
      details: { changed: Object.keys(changed).sort() },
    });
    if (!u) throw notFound("Challenge");
    return u;
  });
}

/** The body of POST /api/v1/challenges/{slug}/organizers: an existing account's email. */
export const addOrganizerSchema = z.object({ email: z.string().trim().email("must be an email address") });

export type OrganizerRow = { userId: string; email: string; name: string; addedAt: Date };

export async function listOrganizers(db: Db, challengeId: string): Promise<OrganizerRow[]> {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      addedAt: challengeOrganizers.createdAt,
    })
    .from(challengeOrganizers)
    .innerJoin(users, eq(users.id, challengeOrganizers.userId))
    .where(eq(challengeOrganizers.challengeId, challengeId))
    .orderBy(asc(challengeOrganizers.createdAt));
}

/** Give an existing user the organizer role on this challenge. */
export async function addOrganizer(
  db: Db,
  actor: Actor | null,
  slug: string,
  input: unknown,
): Promise<OrganizerRow[]> {
  const c = await getChallenge(db, requireActor(actor), slug);
  const a = await requireChallengeOrganizer(db, actor, c, "manage organizers of this challenge");
  const { email } = parseInput(addOrganizerSchema, input);
  const user = await findUserByEmail(db, email);
  if (!user) {
    throw new AppError("validation", `No account uses ${email}; they must sign up first.`, {
      fields: [{ field: "email", message: "has no account" }],
    });
  }
  await db.transaction(async (tx) => {
    const added = await tx
      .insert(challengeOrganizers)
      .values({ challengeId: c.id, userId: user.id, addedBy: a.id })
      .onConflictDoNothing()
      .returning();
    if (added.length) {
      await writeAudit(tx, {
        challengeId: c.id,
        actor: a,
        action: "organizer.add",
        targetType: "user",
        targetId: user.id,
        details: { email: user.email },
      });
    }
  });
  return listOrganizers(db, c.id);
}

export async function removeOrganizer(
  db: Db,
  actor: Actor | null,
  slug: string,
  userId: string,
): Promise<OrganizerRow[]> {
  const c = await getChallenge(db, requireActor(actor), slug);
  const a = await requireChallengeOrganizer(db, actor, c, "manage organizers of this challenge");
  if (!z.string().uuid().safeParse(userId).success) throw notFound("Organizer");
  await db.transaction(async (tx) => {
    // Lock the challenge so two removals at once cannot both see "two organizers left".
    await tx.select({ id: challenges.id }).from(challenges).where(eq(challenges.id, c.id)).for("update");
    const current = await tx
      .select({ userId: challengeOrganizers.userId })
      .from(challengeOrganizers)
      .where(eq(challengeOrganizers.challengeId, c.id));
    if (!current.some((o) => o.userId === userId)) throw notFound("Organizer");
    if (current.length <= 1) {
      throw new AppError(
        "conflict",
        "A challenge needs at least one organizer; add another before removing this one.",
      );
    }
    await tx
      .delete(challengeOrganizers)
      .where(and(eq(challengeOrganizers.challengeId, c.id), eq(challengeOrganizers.userId, userId)));
    await writeAudit(tx, {
      challengeId: c.id,
      actor: a,
      action: "organizer.remove",
      targetType: "user",
      targetId: userId,
    });
  });
  return listOrganizers(db, c.id);
}

/** The organizers' accounts (with emails): for the challenge's organizers only. */
export async function listOrganizersFor(db: Db, actor: Actor | null, slug: string): Promise<OrganizerRow[]> {
  const c = await getChallenge(db, requireActor(actor), slug);
  await requireChallengeOrganizer(db, actor, c, "see the organizers' accounts");
  return listOrganizers(db, c.id);
}

/** The challenge's audit log: for its organizers only. */
export async function listChallengeAudit(db: Db, actor: Actor | null, slug: string): Promise<AuditRow[]> {
  const c = await getChallenge(db, requireActor(actor), slug);
  await requireChallengeOrganizer(db, actor, c, "read this challenge's audit log");
  return listAuditEntries(db, c.id);
}
