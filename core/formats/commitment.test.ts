import { describe, expect, it } from "vitest";
import { truthCommitment, verifyTruth } from "./commitment";

const abc = new TextEncoder().encode("abc");
// reference: FIPS 180-2 appendix B.1, SHA-256("abc"); `printf abc | sha256sum` agrees.
const ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

describe("truth commitment", () => {
  it("is the SHA-256 of the bytes in lowercase hex", () => {
    expect(truthCommitment(abc)).toBe(ABC);
    // reference: SHA-256 of the empty string, FIPS 180-2.
    expect(truthCommitment(new Uint8Array(0))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("verifies the file that was committed to, whatever the case of the commitment", () => {
    expect(verifyTruth(abc, ABC)).toEqual({ ok: true, actual: ABC, expected: ABC });
    expect(verifyTruth(abc, ABC.toUpperCase()).ok).toBe(true);
    expect(verifyTruth(abc, ` ${ABC}\n`).ok).toBe(true);
  });

  it("rejects another file, or the same file changed by one byte", () => {
    const other = new TextEncoder().encode("abd");
    expect(verifyTruth(other, ABC)).toEqual({ ok: false, actual: truthCommitment(other), expected: ABC });
    expect(verifyTruth(abc, `${ABC.slice(0, 63)}e`).ok).toBe(false);
  });

  it("refuses a commitment that is not 64 hex digits", () => {
    for (const bad of ["", ABC.slice(0, 63), `${ABC}0`, `${ABC.slice(0, 63)}g`, `0x${ABC.slice(2)}`]) {
      expect(() => verifyTruth(abc, bad)).toThrow(RangeError);
    }
    expect(() => verifyTruth(abc, "nope")).toThrow(
      'a truth commitment is a SHA-256 in 64 hex digits; got "nope"',
    );
  });
});
