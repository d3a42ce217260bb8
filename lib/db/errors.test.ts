import { describe, expect, it } from "vitest";
import { isConnectionError } from "./errors";

/** How drizzle 0.45 wraps a driver error: "Failed query: …\nparams: …" with the driver's as cause. */
function wrapped(cause: Error) {
  return Object.assign(new Error("Failed query: select 1\nparams: secret@example.org"), { cause });
}

describe("isConnectionError", () => {
  it("knows postgres.js's and the socket's codes, and SQLSTATEs of a server going away, through causes", () => {
    const code = (c: string) => Object.assign(new Error(c), { code: c });
    for (const c of [
      "CONNECTION_CLOSED",
      "CONNECT_TIMEOUT",
      "ECONNREFUSED",
      "ECONNRESET",
      "57P01",
      "57P03",
      "08006",
    ])
      expect(isConnectionError(wrapped(code(c))), c).toBe(true);
    for (const c of ["23505", "42P01", "40001", "57014"])
      expect(isConnectionError(wrapped(code(c))), c).toBe(false);
    expect(isConnectionError(new Error("boom"))).toBe(false);
    expect(isConnectionError(undefined)).toBe(false);
  });
});
