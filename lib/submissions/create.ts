import { and, count, eq, inArray, or, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { blackBoxes, challenges, type Submission, submissions, teamMembers, teams } from "@/lib/db/schema";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs/queue";
import { npyBytes } from "@/lib/formats/npy";
import { blobStore } from "@/lib/storage";
import { findMyTeam } from "@/lib/teams";
import { boxEvents } from "./boxdata";
import { submissionSettings } from "./config";
import { type QuotaState, quotaBlock, utcDay } from "./quota";
import { type UploadInput, validateUpload } from "./validate";

export type BoxRef = { challengeSlug: string; boxSlug: string } | { boxSlug: string };

/**
 * Find a box by challenge and box slug, or by box slug alone (the short API path): a slug that names
 * boxes in several challenges the actor can see is refused with the two-slug path to use instead.
 */
export async function resolveBox(db: Db, actor: Actor | null, ref: BoxRef) {
  if ("challengeSlug" in ref) return getBlackBox(db, actor, ref.challengeSlug, ref.boxSlug);
  const rows = await db
    .select({ challengeSlug: challenges.slug })
    .from(blackBoxes)
    .innerJoin(challenges, eq(challenges.id, blackBoxes.challengeId))
    .where(and(eq(blackBoxes.slug, ref.boxSlug), sql`${blackBoxes.status} <> 'draft'`));
  const visible: string[] = [];
  for (const r of rows) {
    try {
      await getBlackBox(db, actor, r.challengeSlug, ref.boxSlug);
      visible.push(r.challengeSlug);
    } catch {
      // not visible to this actor
    }
  }
  if (visible.length === 0) throw notFound("Black box");
  if (visible.length > 1) {
    throw new AppError(
      "conflict",
      `Several challenges have a black box "${ref.boxSlug}" (${visible.join(", ")}); use /api/v1/challenges/{challenge}/boxes/${ref.boxSlug}/submissions.`,
    );
  }
  return getBlackBox(db, actor, visible[0] as string, ref.boxSlug);
}

export { type QuotaState, utcDay } from "./quota";

/**
 * How many submissions a team has used and has left on a box (refunded ones do not count): the
 * team's own, and every upload its current members made to the box through any team. A user who
 * used up a day's quota and then leaves, or whose team is archived, brings those uploads along into
 * the next team they create or join (Kaggle counts a merged team's submissions the same way).
 */
export async function quotaState(
  db: Db,
  boxId: string,
  teamId: string,
  limits: { perDay: number; total: number },
) {
  const today = utcDay();
  const [row] = await db
    .select({
      total: count(),
      today: sql<number>`count(*) filter (where ${submissions.quotaDay} = ${today})`.mapWith(Number),
    })
    .from(submissions)
    .where(
      and(
        eq(submissions.blackBoxId, boxId),
        eq(submissions.counted, true),
        or(
          eq(submissions.teamId, teamId),
          inArray(
            submissions.userId,
            db.select({ id: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId)),
          ),
        ),
      ),
    );
  const usedTotal = row?.total ?? 0;
  const usedToday = row?.today ?? 0;
  return {
    ...limits,
    usedToday,
    usedTotal,
    remaining: Math.max(0, Math.min(limits.perDay - usedToday, limits.total - usedTotal)),
  } satisfies QuotaState;
}

/**
 * Accept a submission: the caller must be in a team of the challenge (and not one of its organizers),
 * the box open and before its close time. The upload is validated completely first; only then, in one
 * transaction holding the team's row lock (so concurrent uploads cannot pass the quota together), the
 * quota is checked, the file stored, the row inserted and the scoring job queued. A refused upload
 * leaves no row and no blob, and costs no quota.
 *
 * @throws AppError 401/403/404/409, "validation" (422, naming the field/row/id), "upload:too_large"
 *   (413), "quota:exceeded" (429).
 */
export async function createSubmission(db: Db, actor: Actor | null, ref: BoxRef, input: UploadInput) {
  const a = requireActor(actor);
  const { box, challenge, organizer } = await resolveBox(db, a, ref);
  if (organizer && a.role !== "admin") throw forbidden("submit to a challenge you organize");
  const team = await findMyTeam(db, a, challenge.id);
  if (!team) throw forbidden("submit before joining a team of this challenge (create or join one first)");
  checkOpen(box);
  const settings = submissionSettings(box);
  const valid = await validateUpload(input, settings, () => boxEvents(box, settings), box.eventCount);
  const store = blobStore();
  const file = valid.file;
  let stored: string | undefined;
  let normalized: string | undefined;
  // Blobs this call wrote (not ones that existed already), to take back if the upload is refused.
  const added: { sha: string; column: typeof submissions.blob | typeof submissions.scoresBlob }[] = [];
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select id from ${teams} where id = ${team.id} for update`);
      const q = await quotaState(tx, box.id, team.id, settings.quotas);
      const block = quotaBlock(q);
      if (block === "daily")
        throw new AppError(
          "quota:exceeded",
          `Your team has used ${q.usedToday} of ${q.perDay} submissions to ${box.slug} today; the quota resets at 00:00 UTC.`,
          { quota: q },
        );
      if (block === "total")
        throw new AppError(
          "quota:exceeded",
          `Your team has used all ${q.total} submissions to ${box.slug}.`,
          { quota: q },
        );
      if (file) {
        const put = store.put(file.bytes);
        stored = put.sha256;
        if (put.created) added.push({ sha: put.sha256, column: submissions.blob });
      }
      // The scorer's input: validated scores in box order, so the worker neither parses nor aligns.
      if (valid.scores) {
        const put = store.put(npyBytes(valid.scores, [valid.scores.length]));
        normalized = put.sha256;
        if (put.created) added.push({ sha: put.sha256, column: submissions.scoresBlob });
      }
      const [row] = await tx
        .insert(submissions)
        .values({
          blackBoxId: box.id,
          teamId: team.id,
          userId: a.id,
          kind: valid.kind,
          method: valid.method,
          description: valid.description,
          blob: stored ?? null,
          scoresBlob: normalized ?? null,
          fileName: file?.name ?? null,
          fileSize: file?.bytes.length ?? null,
          fileDetails: file?.details ?? null,
          claim: (valid.claim as Record<string, unknown> | undefined) ?? null,
          quotaDay: utcDay(),
        })
        .returning();
      const sub = row as Submission;
      const job = await enqueueJob(tx, {
        kind: "score-submission",
        payload: { submissionId: sub.id },
        maxAttempts: 3,
      });
      await tx.update(submissions).set({ jobId: job.id }).where(eq(submissions.id, sub.id));
      return {
        submission: { ...sub, jobId: job.id },
        quota: {
          ...q,
          usedToday: q.usedToday + 1,
          usedTotal: q.usedTotal + 1,
          remaining: q.remaining - 1,
        },
      };
    });
  } catch (e) {
    // Nothing half-written: blobs this refused upload added go again, unless a row uses them.
    for (const { sha, column } of added) {
      const [used] = await db
        .select({ id: submissions.id })
        .from(submissions)
        .where(eq(column, sha))
        .limit(1);
      if (!used) store.remove(sha);
    }
    throw e;
  }
}

function checkOpen(box: { status: string; closesAt: Date | null; slug: string }): void {
  if (box.status !== "open")
    throw new AppError(
      "conflict",
      `Black box ${box.slug} is ${box.status}; submissions are accepted while it is open.`,
    );
  if (box.closesAt && box.closesAt.getTime() <= Date.now())
    throw new AppError(
      "conflict",
      `Black box ${box.slug} closed at ${box.closesAt.toISOString()}; no new submissions.`,
    );
}
