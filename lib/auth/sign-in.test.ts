import { describe, expect, it } from "vitest";
import { backoffSeconds, SIGN_IN_LIMITS, throttleWait } from "./sign-in";

describe("sign-in backoff", () => {
  it("waits nothing below the limit, then doubles up to the cap", () => {
    expect([4, 5, 6, 7, 9, 10, 80].map((n) => backoffSeconds(n, 5, 60, 900))).toEqual([
      0, 60, 120, 240, 900, 900, 900,
    ]);
  });

  it("counts the wait from the scope's latest failure, and lets a familiar source past the account ceiling", () => {
    const now = 1_000_000_000;
    const none = { failures: 0, latest: null };
    const busy = { failures: SIGN_IN_LIMITS.perAccount, latest: now - 500 };
    expect(throttleWait({ pair: none, source: none, account: busy, knownSource: false }, now)).toBeCloseTo(
      0.5,
      9,
    );
    expect(throttleWait({ pair: none, source: none, account: busy, knownSource: true }, now)).toBe(0);
    const pair = { failures: SIGN_IN_LIMITS.perPair + 1, latest: now - 60_000 };
    // Two delays' worth (120 s) from the latest failure, 60 s of which have passed.
    expect(throttleWait({ pair, source: none, account: none, knownSource: true }, now)).toBe(60);
  });
});
