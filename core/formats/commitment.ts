import { createHash } from "node:crypto";

const HEX64 = /^[0-9a-f]{64}$/i;

/**
 * The truth commitment (DESIGN §2): the SHA-256 of the sealed truth file's bytes, as 64 lowercase hex
 * digits, the same as `sha256sum truth.h5` or Python's `hashlib.sha256(data).hexdigest()`.
 *
 * @example
 * truthCommitment(new TextEncoder().encode("abc"));
 * // → "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export function truthCommitment(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Whether the truth file revealed after closing is the one committed to at opening: its SHA-256
 * against the published commitment, compared without regard to case (surrounding whitespace is
 * ignored, so a pasted commitment works). `actual` is the file's hash, `expected` the commitment in
 * lowercase.
 *
 * @throws RangeError when the commitment is not 64 hex digits (a malformed commitment is a bug or a
 *   bad paste, not a mismatch).
 * @example
 * verifyTruth(new TextEncoder().encode("abc"), "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
 * // → { ok: true, actual: "ba7816bf…15ad", expected: "ba7816bf…15ad" }
 */
export function verifyTruth(
  bytes: Uint8Array,
  commitmentHex: string,
): { ok: boolean; actual: string; expected: string } {
  const expected = commitmentHex.trim().toLowerCase();
  if (!HEX64.test(expected)) {
    throw new RangeError(
      `a truth commitment is a SHA-256 in 64 hex digits; got ${JSON.stringify(commitmentHex.slice(0, 80))}`,
    );
  }
  const actual = truthCommitment(bytes);
  return { ok: actual === expected, actual, expected };
}
