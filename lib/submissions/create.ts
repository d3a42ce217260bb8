import { and, count, eq, inArray, or, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { requireActor } from "@/lib/auth/permissions";
import type { Db } from "@/lib/db/client";
import { type Submission, submissions, teamMembers, teams } from "@/lib/db/schema";
import { AppError, describeForLog, forbidden, infrastructureError } from "@/lib/errors";
import { npyBytes } from "@/core/formats/npy";
import { blobStore } from "@/lib/storage";
import { findMyTeam } from "@/lib/teams";
import { boxEvents } from "./boxdata";
import { type BoxRef, getBoxForUpload, type LoadedBox } from "./box-ref";
import { type QuotaState, quotaBlock, utcDay } from "./quota";
import { insertSubmission } from "./scoring";
import { type IdempotentUpload, isKeyConflict, priorSubmission, releaseExpiredKey } from "./idempotency";
import { type UploadInput, validateUpload } from "./validate";

export { type QuotaState, utcDay } from "./quota";

/** An accepted upload, or (`replayed`) the one a retry with the same Idempotency-Key made before. */
type Created = { submission: Submission; quota: QuotaState; replayed: boolean };

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
 * `target`: the box's reference, or the box the request resolved already (getBoxForUpload: one
 * lookup and one settings parse per request).
 *
 * A keyed upload (`keyed`: its Idempotency-Key and uploadFingerprint) that the team already made to
 * the box in the last 24 h returns that submission with `replayed: true` and today's quota,
 * uncharged; the check is repeated under the team's lock, so concurrent retries make one row.
 *
 * @throws AppError 401/403/404/409, "validation" (422, naming the field/row/id), "upload:too_large"
 *   (413), "quota:exceeded" (429), "idempotency:key_reused" (409). A database outage or a full disk
 *   throws the driver's or file system's error (errors.ts maps them to 503 and 507).
 */
export async function createSubmission(
  db: Db,
  actor: Actor | null,
  target: BoxRef | LoadedBox,
  input: UploadInput,
  keyed?: IdempotentUpload,
): Promise<Created> {
  const a = requireActor(actor);
  const { box, challenge, organizer, settings } =
    "box" in target ? target : await getBoxForUpload(db, a, target);
  if (organizer && a.role !== "admin") throw forbidden("submit to a challenge you organize");
  const team = await findMyTeam(db, a, challenge.id);
  if (!team) throw forbidden("submit before joining a team of this challenge (create or join one first)");
  const replay = async (sub: Submission) => ({
    submission: sub,
    quota: await quotaState(db, box.id, team.id, settings.quotas),
    replayed: true,
  });
  // A retry of an upload that was stored: answered even if the box closed since.
  const prior = keyed && (await priorSubmission(db, box.id, team.id, keyed));
  if (prior) return replay(prior);
  checkOpen(box);
  const valid = await validateUpload(input, settings, () => boxEvents(box, settings), box.eventCount);
  const store = blobStore();
  const file = valid.file;
  let stored: string | undefined;
  let normalized: string | undefined;
  // Blobs this call wrote (not ones that existed already), to take back if the upload is refused.
  const added: { sha: string; column: typeof submissions.blob | typeof submissions.scoresBlob }[] = [];
  // Set once the transaction's body is done: a failure after that may be a COMMIT that went through.
  let committing = false;
  try {
    const made = await db.transaction(async (tx): Promise<Created | { raced: Submission }> => {
      // Fail fast rather than queue behind a stuck statement or the team's lock (57014 → 503).
      await tx.execute(sql`set local statement_timeout = ${sql.raw(String(UPLOAD_STATEMENT_TIMEOUT_MS))}`);
      await tx.execute(sql`select id from ${teams} where id = ${team.id} for update`);
      if (keyed) {
        const raced = await priorSubmission(tx, box.id, team.id, keyed);
        if (raced) return { raced };
        await releaseExpiredKey(tx, box.id, team.id, keyed.key);
      }
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
      const submission = await insertSubmission(tx, {
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
        claim: valid.claim ?? null,
        quotaDay: utcDay(),
        idempotencyKey: keyed?.key ?? null,
        idempotencyHash: keyed?.hash ?? null,
      });
      committing = true;
      return {
        submission,
        quota: {
          ...q,
          usedToday: q.usedToday + 1,
          usedTotal: q.usedTotal + 1,
          remaining: q.remaining - 1,
        },
        replayed: false,
      };
    });
    return "raced" in made ? await replay(made.raced) : made;
  } catch (e) {
    await removeAdded(db, added, committing);
    // Two requests with one key that passed the lock together (the unique index stopped the second).
    if (keyed && isKeyConflict(e)) {
      const prior = await priorSubmission(db, box.id, team.id, keyed);
      if (prior) return replay(prior);
    }
    // The database went away during COMMIT: the upload may be stored. Say so, never "nothing was
    // stored"; a retry with the same Idempotency-Key finds it (one without a key may count twice).
    if (committing && infrastructureError(e)?.code === "database_unavailable")
      throw new AppError(
        "database_unavailable",
        "The database went away while your upload was being stored: it may have been stored. Retry with the same Idempotency-Key to get it back without counting it twice, or look at your submissions before sending it again.",
        { maybeStored: true },
      );
    throw e;
  }
}

/**
 * Per statement of the upload's transaction, waiting for the team's row lock included (another
 * upload of the team holds it while it stores its files): well under a client's usual 10 s timeout.
 */
const UPLOAD_STATEMENT_TIMEOUT_MS = 5000;

/**
 * Nothing half-written: blobs a refused upload added go again, unless a row uses them. When the
 * database cannot say (it went away), they go all the same if the transaction surely did not commit
 * (its body had not finished); after that point (a COMMIT that may have gone through) they stay for
 * the worker's orphan sweep.
 */
async function removeAdded(
  db: Db,
  added: { sha: string; column: typeof submissions.blob | typeof submissions.scoresBlob }[],
  committing: boolean,
): Promise<void> {
  const store = blobStore();
  for (const { sha, column } of added) {
    try {
      const [used] = await db
        .select({ id: submissions.id })
        .from(submissions)
        .where(eq(column, sha))
        .limit(1);
      if (!used) store.remove(sha);
    } catch (e) {
      if (!committing) store.remove(sha);
      else
        console.error(
          `[upload] kept blob ${sha}: could not check whether a row uses it (${describeForLog(e)})`,
        );
    }
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
