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

// A real hash of a random string, compared against when the user does not exist, so that
// "no such user" and "wrong password" take the same time.
const DUMMY_HASH = "$2b$11$SJaX.J/OUUF63S.g2PxPJukNrPPyqk4PPhTACFo5.NXJjfjVOU4K";
export async function burnPasswordCheck(password: string): Promise<false> {
  await bcrypt.compare(password, DUMMY_HASH);
  return false;
}
