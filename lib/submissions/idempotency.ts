import { createHash } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type Submission, submissions } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import type { UploadInput } from "./validate";

/**
 * Safe retries of uploads: a client sends `Idempotency-Key: <1–200 printable characters>` (a fresh
 * uuid4 per upload, the same on each retry of it). The same team, box and key within
 * IDEMPOTENCY_WINDOW_MS gets the first submission back — no second row, no second quota charge —
 * and the same key with a different upload is refused (409), since the client has mixed two up.
 */
export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The request's Idempotency-Key, or undefined when it sent none; a bad one is a 400 naming the header. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const key = req.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return undefined;
  if (!/^[\x20-\x7e]{1,200}$/.test(key) || key.trim() === "") {
    const message = `The ${IDEMPOTENCY_HEADER} header must be 1 to 200 printable ASCII characters (e.g. a uuid4); got ${key.length} characters.`;
    throw new AppError("idempotency:bad_key", message, {
      fields: [{ field: IDEMPOTENCY_HEADER, message: "must be 1 to 200 printable ASCII characters" }],
    });
  }
  return key;
}

/**
 * SHA-256 over what an upload carries, as parsed (kind, method, description, file name and bytes,
 * or the claim): a retry that re-encodes its multipart body with another boundary still matches.
 */
export function uploadFingerprint(input: UploadInput): string {
  const h = createHash("sha256");
  const part = (s: string) => h.update(`${Buffer.byteLength(s)}:${s}`);
  part(input.kind);
  part(input.method ?? "");
  part(input.description ?? "");
  if (input.kind === "claim") part(JSON.stringify(input.claim) ?? "");
  else {
    part(input.fileName);
    part(String(input.bytes.byteLength));
    h.update(input.bytes);
  }
  return h.digest("hex");
}

/** A keyed upload, as createSubmission receives it. */
export type IdempotentUpload = { key: string; hash: string };

/**
 * The submission a team made to a box with this key in the last 24 h, or undefined. The same key
 * with another upload → 409 `idempotency:key_reused`.
 */
export async function priorSubmission(
  db: Db,
  boxId: string,
  teamId: string,
  keyed: IdempotentUpload,
): Promise<Submission | undefined> {
  const [row] = await db
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.blackBoxId, boxId),
        eq(submissions.teamId, teamId),
        eq(submissions.idempotencyKey, keyed.key),
        gt(submissions.createdAt, new Date(Date.now() - IDEMPOTENCY_WINDOW_MS)),
      ),
    )
    .limit(1);
  if (row && row.idempotencyHash !== keyed.hash) {
    throw new AppError(
      "idempotency:key_reused",
      `${IDEMPOTENCY_HEADER} "${keyed.key}" was used for another upload to this box (submission ${row.id}); send a new key for a new upload.`,
      { fields: [{ field: IDEMPOTENCY_HEADER, message: "was used for another upload" }], submission: row.id },
    );
  }
  return row;
}

/** Free a key used more than 24 h ago, so that the unique index lets it name a new upload. */
export async function releaseExpiredKey(db: Db, boxId: string, teamId: string, key: string): Promise<void> {
  await db
    .update(submissions)
    .set({ idempotencyKey: null })
    .where(
      and(
        eq(submissions.blackBoxId, boxId),
        eq(submissions.teamId, teamId),
        eq(submissions.idempotencyKey, key),
      ),
    );
}

/** Whether `e` is the unique index on (box, team, key) refusing a second row (a lost race). */
export function isKeyConflict(e: unknown): boolean {
  for (let x = e, depth = 0; x && typeof x === "object" && depth < 5; depth++) {
    const { code, constraint_name, constraint } = x as Record<string, unknown>;
    if (code === "23505" && (constraint_name ?? constraint) === "submissions_idempotency_key") return true;
    x = (x as { cause?: unknown }).cause;
  }
  return false;
}
