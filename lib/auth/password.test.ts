import { describe, expect, it } from "vitest";
import { burnPasswordCheck, hashPassword, passwordProblem, verifyPassword } from "./password";

describe("passwords", () => {
  it("hashes with bcrypt and verifies", async () => {
    const h = await hashPassword("a long passphrase");
    expect(h).toMatch(/^\$2b\$11\$.{53}$/);
    expect(await verifyPassword("a long passphrase", h)).toBe(true);
    expect(await verifyPassword("a long passphrasE", h)).toBe(false);
    expect(await burnPasswordCheck("anything")).toBe(false);
  });

  it("refuses short passwords and ones bcrypt would truncate", () => {
    expect(passwordProblem("123456789")).toMatch(/at least 10/);
    expect(passwordProblem("x".repeat(72))).toBeUndefined();
    expect(passwordProblem("x".repeat(73))).toMatch(/at most 72 bytes/);
    expect(passwordProblem("ü".repeat(40))).toMatch(/at most 72 bytes/); // 80 bytes in UTF-8
  });
});
