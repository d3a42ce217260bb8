import { and, asc, count, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { writeAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { isChallengeOrganizer, requireActor } from "@/lib/auth/permissions";
import { getChallenge } from "@/lib/challenges";
import type { Db } from "@/lib/db/client";
import {
  type Challenge,
  challenges,
  submissions,
  type Team,
  teamInvites,
  teamMembers,
  teams,
  users,
} from "@/lib/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { randomSecret, sha256Hex } from "@/lib/secrets";
import { bumpLeaderboard } from "@/lib/submissions/leaderboard-version";
import { normalizeTeamName, teamNameKey } from "@/lib/team-names";
import { parseInput } from "@/lib/validation";

// Stored normalized (NFKC, one space between words) so that what is shown is what was compared.
export const teamNameSchema = z.object({
  name: z
    .string()
    .transform(normalizeTeamName)
    .pipe(
      z
        .string()
        .min(2, "must have at least 2 characters")
        .max(60, "must be at most 60 characters")
        .regex(/^[\p{L}\p{N} _.\-']+$/u, "may contain letters, digits, spaces and _ . - ' only"),
    ),
});

const INVITE_DAYS = 14;

export type TeamMemberRow = { userId: string; name: string; email: string; joinedAt: Date };
export type TeamView = Team & {
  challenge: Pick<Challenge, "id" | "slug" | "title" | "maxTeamSize" | "status">;
  members: TeamMemberRow[];
};

const isUuid = (v: string) => z.string().uuid().safeParse(v).success;

function nameTaken(name: string): AppError {
  return new AppError("conflict", `A team called "${name}" already exists in this challenge.`, {
    fields: [{ field: "name", message: "is taken in this challenge" }],
  });
}

/**
 * Hold the challenge's team names (its row lock) and refuse `name` when it reads like another team's
 * (`teamNameKey`: case, spacing, TR39 look-alikes): "Bump  Hunters" or a Cyrillic "Вump Нunters" next
 * to "Bump Hunters". Archived teams keep their names. `self` is the team being renamed. Names stored
 * before this check keep working: only new and changed names are compared.
 *
 * @throws AppError "conflict" (409) naming the team the name clashes with.
 */
async function claimName(tx: Db, challengeId: string, name: string, self?: string): Promise<void> {
  await tx.execute(sql`select id from ${challenges} where id = ${challengeId} for update`);
  const key = teamNameKey(name);
  const others = await tx
    .select({ id: teams.id, name: teams.name })
    .from(teams)
    .where(eq(teams.challengeId, challengeId));
  const clash = others.find((t) => t.id !== self && teamNameKey(t.name) === key);
  if (!clash) return;
  if (clash.name.toLowerCase() === name.toLowerCase()) throw nameTaken(clash.name);
  throw new AppError(
    "conflict",
    `"${name}" reads the same as the team "${clash.name}" in this challenge (names are compared ignoring case, spacing and look-alike letters from other scripts); choose another name.`,
    { fields: [{ field: "name", message: `is confusable with the team "${clash.name}"` }], team: clash.name },
  );
}

const teamAudit = (team: Pick<Team, "id" | "challengeId">, actor: Actor, action: string, details = {}) => ({
  challengeId: team.challengeId,
  actor,
  action: `team.${action}`,
  targetType: "team",
  targetId: team.id,
  details,
});

const isUniqueViolation = (e: unknown, constraint: string) => {
  const err = e as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
  const inner = (err.cause ?? err) as { code?: string; constraint_name?: string; constraint?: string };
  return inner.code === "23505" && (inner.constraint_name ?? inner.constraint) === constraint;
};

async function membersOf(db: Db, teamId: string): Promise<TeamMemberRow[]> {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, joinedAt: teamMembers.joinedAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, teamId))
    .orderBy(asc(teamMembers.joinedAt));
}

export async function getTeam(db: Db, teamId: string): Promise<TeamView> {
  if (!isUuid(teamId)) throw notFound("Team");
  const [row] = await db
    .select({
      team: teams,
      challenge: {
        id: challenges.id,
        slug: challenges.slug,
        title: challenges.title,
        maxTeamSize: challenges.maxTeamSize,
        status: challenges.status,
      },
    })
    .from(teams)
    .innerJoin(challenges, eq(challenges.id, teams.challengeId))
    .where(eq(teams.id, teamId))
    .limit(1);
  if (!row) throw notFound("Team");
  return { ...row.team, challenge: row.challenge, members: await membersOf(db, teamId) };
}

export async function listTeams(db: Db, challengeId: string): Promise<(Team & { memberCount: number })[]> {
  const rows = await db
    .select({ team: teams, memberCount: count(teamMembers.userId) })
    .from(teams)
    .leftJoin(teamMembers, eq(teamMembers.teamId, teams.id))
    .where(eq(teams.challengeId, challengeId))
    .groupBy(teams.id)
    .orderBy(asc(teams.createdAt));
  return rows.map((r) => ({ ...r.team, memberCount: r.memberCount }));
}

/** The actor's team in a challenge, if any. */
export async function findMyTeam(
  db: Db,
  actor: Actor | null,
  challengeId: string,
): Promise<Team | undefined> {
  if (!actor) return undefined;
  const [row] = await db
    .select({ team: teams })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.challengeId, challengeId), eq(teamMembers.userId, actor.id)))
    .limit(1);
  return row?.team;
}

/** Teams form and change only while their challenge is published (drafts are not open yet, archives are read-only). */
function requireTeamsOpen(challenge: Pick<Challenge, "status">, what: string): void {
  if (challenge.status !== "published") {
    throw forbidden(
      `${what}: the challenge is ${challenge.status}, and teams change only while it is published`,
    );
  }
}

async function requireMember(db: Db, actor: Actor | null, teamId: string, what: string) {
  const a = requireActor(actor);
  const team = await getTeamFor(db, a, teamId); // 404, not 403, where the team is hidden
  if (!team.members.some((m) => m.userId === a.id)) throw forbidden(what);
  requireTeamsOpen(team.challenge, what);
  return { a, team };
}

/** Create a team in a challenge with the actor as its first member. */
export async function createTeam(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
  input: unknown,
): Promise<Team> {
  const a = requireActor(actor);
  const challenge = await getChallenge(db, a, challengeSlug);
  requireTeamsOpen(challenge, "create a team");
  const { name } = parseInput(teamNameSchema, input);
  try {
    return await db.transaction(async (tx) => {
      await claimName(tx, challenge.id, name);
      const [team] = await tx
        .insert(teams)
        .values({ challengeId: challenge.id, name, createdBy: a.id })
        .returning();
      if (!team) throw new AppError("internal", "could not create the team");
      await tx.insert(teamMembers).values({ teamId: team.id, challengeId: challenge.id, userId: a.id });
      await writeAudit(tx, teamAudit(team, a, "create", { name }));
      return team;
    });
  } catch (e) {
    if (isUniqueViolation(e, "teams_challenge_name_key")) throw nameTaken(name);
    if (isUniqueViolation(e, "team_members_one_team_per_challenge")) {
      throw new AppError(
        "team:already_member",
        "You are already in a team in this challenge; leave it first.",
      );
    }
    throw e;
  }
}

export async function renameTeam(db: Db, actor: Actor | null, teamId: string, input: unknown): Promise<Team> {
  const { a, team } = await requireMember(db, actor, teamId, "rename this team");
  const { name } = parseInput(teamNameSchema, input);
  try {
    return await db.transaction(async (tx) => {
      await claimName(tx, team.challengeId, name, team.id);
      const [t] = await tx.update(teams).set({ name }).where(eq(teams.id, team.id)).returning();
      if (!t) throw notFound("Team");
      await bumpLeaderboard(tx, { challengeId: team.challengeId });
      await writeAudit(tx, teamAudit(team, a, "rename", { from: team.name, to: name }));
      return t;
    });
  } catch (e) {
    if (isUniqueViolation(e, "teams_challenge_name_key")) throw nameTaken(name);
    throw e;
  }
}

/** Make an invite link token (shown once; stored hashed) valid for 14 days. */
export async function createInvite(
  db: Db,
  actor: Actor | null,
  teamId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const { a, team } = await requireMember(db, actor, teamId, "invite people to this team");
  const token = randomSecret(18);
  const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
  await db
    .insert(teamInvites)
    .values({ teamId: team.id, tokenHash: sha256Hex(token), createdBy: a.id, expiresAt });
  return { token, expiresAt };
}

async function inviteTeam(db: Db, token: string) {
  const [invite] = await db
    .select()
    .from(teamInvites)
    .where(
      and(
        eq(teamInvites.tokenHash, sha256Hex(token)),
        isNull(teamInvites.revokedAt),
        gt(teamInvites.expiresAt, new Date()),
      ),
    )
    .limit(1);
  const team = invite ? await getTeam(db, invite.teamId) : undefined;
  // An invite into a challenge that is not published (any more), or into an archived team, is as good as expired.
  if (team?.challenge.status !== "published" || team.archivedAt) {
    throw new AppError(
      "team:invite_invalid",
      "This invite link is invalid or has expired; ask the team for a new one.",
    );
  }
  return team;
}

/** What an invite link points at, for the page that asks "join this team?". */
export const describeInvite = inviteTeam;

export async function joinTeam(db: Db, actor: Actor | null, token: string): Promise<TeamView> {
  const a = requireActor(actor);
  const team = await inviteTeam(db, token);
  try {
    await db.transaction(async (tx) => {
      // Lock the team row so two people joining at once cannot overfill it.
      await tx.select({ id: teams.id }).from(teams).where(eq(teams.id, team.id)).for("update");
      const already = await tx
        .select({ teamId: teamMembers.teamId })
        .from(teamMembers)
        .where(and(eq(teamMembers.challengeId, team.challengeId), eq(teamMembers.userId, a.id)));
      if (already.length) {
        throw new AppError(
          "team:already_member",
          "You are already in a team in this challenge; leave it first.",
        );
      }
      const [{ n } = { n: 0 }] = await tx
        .select({ n: count() })
        .from(teamMembers)
        .where(eq(teamMembers.teamId, team.id));
      if (n >= team.challenge.maxTeamSize) {
        throw new AppError("conflict", `This team is full (at most ${team.challenge.maxTeamSize} members).`);
      }
      await tx.insert(teamMembers).values({ teamId: team.id, challengeId: team.challengeId, userId: a.id });
      await writeAudit(tx, teamAudit(team, a, "join", { name: team.name }));
    });
  } catch (e) {
    if (
      isUniqueViolation(e, "team_members_one_team_per_challenge") ||
      isUniqueViolation(e, "team_members_team_id_user_id_pk")
    ) {
      throw new AppError(
        "team:already_member",
        "You are already in a team in this challenge; leave it first.",
      );
    }
    throw e;
  }
  return getTeam(db, team.id);
}

/**
 * Leave a team. When the last member leaves, a team with submissions is archived (kept with its
 * submissions and leaderboard rows, its invites revoked, closed to new members); one without is
 * deleted. Submissions are never deleted by team changes, and the quota they used stays used
 * (`quotaState` also counts each member's own uploads, so a new team does not start afresh).
 */
export async function leaveTeam(
  db: Db,
  actor: Actor | null,
  teamId: string,
): Promise<{ teamDeleted: boolean; teamArchived: boolean }> {
  const { a, team } = await requireMember(db, actor, teamId, "leave a team you are not in");
  return db.transaction(async (tx) => {
    // The same lock an upload holds: a submission is either in before the count below or refused.
    await tx.execute(sql`select id from ${teams} where id = ${team.id} for update`);
    await tx.delete(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, a.id)));
    await writeAudit(tx, teamAudit(team, a, "leave", { name: team.name }));
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(teamMembers)
      .where(eq(teamMembers.teamId, team.id));
    if (n > 0) return { teamDeleted: false, teamArchived: false };
    const [{ subs } = { subs: 0 }] = await tx
      .select({ subs: count() })
      .from(submissions)
      .where(eq(submissions.teamId, team.id));
    if (subs > 0) {
      const now = new Date();
      await tx.update(teams).set({ archivedAt: now }).where(eq(teams.id, team.id));
      await tx
        .update(teamInvites)
        .set({ revokedAt: now })
        .where(and(eq(teamInvites.teamId, team.id), isNull(teamInvites.revokedAt)));
      await writeAudit(tx, teamAudit(team, a, "archive", { name: team.name, submissions: subs }));
      return { teamDeleted: false, teamArchived: true };
    }
    await tx.delete(teams).where(eq(teams.id, team.id));
    await writeAudit(tx, teamAudit(team, a, "delete", { name: team.name }));
    return { teamDeleted: true, teamArchived: false };
  });
}

/**
 * A team as the actor may see it: not at all in a challenge the actor may not see (a draft), and
 * member emails only for the team's members and the challenge's organizers.
 */
export async function getTeamFor(db: Db, actor: Actor | null, teamId: string): Promise<TeamView> {
  const team = await getTeam(db, teamId);
  const member = !!actor && team.members.some((m) => m.userId === actor.id);
  if (member || (await isChallengeOrganizer(db, actor, team.challengeId))) return team;
  if (team.challenge.status === "draft") throw notFound("Team");
  return { ...team, members: team.members.map((m) => ({ ...m, email: "" })) };
}

/** Every team the actor is in, with its challenge. */
export async function listMyTeams(db: Db, actor: Actor) {
  return db
    .select({
      id: teams.id,
      name: teams.name,
      challengeSlug: challenges.slug,
      challengeTitle: challenges.title,
    })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .innerJoin(challenges, eq(challenges.id, teams.challengeId))
    .where(eq(teamMembers.userId, actor.id))
    .orderBy(asc(challenges.title));
}
