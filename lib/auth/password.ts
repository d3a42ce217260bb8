import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

/** bcrypt cost 11: about 0.1 s per hash on one core here, slow enough to make guessing expensive. */
const COST = 11;

/** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
export const PASSWORD_MAX_BYTES = 72;
export const PASSWORD_MIN_LENGTH = 10;

export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) return `must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (Buffer.byteLength(password, "utf8") > PASSWORD_MAX_BYTES) {
    return `must be at most ${PASSWORD_MAX_BYTES} bytes (bcrypt ignores the rest)`;
  }
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/**
 * Compared against when the user does not exist (or has no password), so that "no such user" and
 * "wrong password" cost the same bcrypt work: a real hash, at the same cost, of random bytes no one
 * knows — made once per process, so it can never be a stale or malformed constant.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString("base64"));
  return dummyHash;
}

export async function burnPasswordCheck(password: string): Promise<false> {
  await bcrypt.compare(password, await dummyPasswordHash());
  return false;
}
