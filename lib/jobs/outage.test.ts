import { describe, expect, it } from "vitest";
import { dbErrorSummary, outageTracker, RETRY_MAX_MS, retryDelayMs } from "./outage";

const closed = () =>
  Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });

describe("retryDelayMs", () => {
  it("doubles from 0.5 s, is capped at 30 s, and jitters within the upper half", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(40, 0)).toBe(RETRY_MAX_MS / 2);
    expect(retryDelayMs(40, 1)).toBe(RETRY_MAX_MS);
  });
});

describe("outageTracker", () => {
  it("logs once when the database is lost and once when it is back, not per retry", () => {
    const lines: string[] = [];
    const o = outageTracker((l) => lines.push(l), "worker w");
    o.ok();
    for (let i = 0; i < 5; i++) o.failed(closed(), "claim");
    expect(o.down).toBe(true);
    o.ok();
    o.ok();
    expect(o.down).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "worker w: database connection lost (write CONNECTION_CLOSED 127.0.0.1:5432); retrying with backoff up to 30 s",
    );
    expect(lines[1]).toMatch(/^worker w: database connection restored after \d+\.\d s$/);
  });

  it("logs every other failure with what failed, and grows the delay with consecutive failures", () => {
    const lines: string[] = [];
    const o = outageTracker((l) => lines.push(l), "worker w");
    o.failed(new Error('relation "jobs" does not exist'), "claim");
    o.failed(new Error('relation "jobs" does not exist'), "claim");
    expect(lines).toEqual([
      'worker w: claim failed: relation "jobs" does not exist',
      'worker w: claim failed: relation "jobs" does not exist',
    ]);
    expect(o.down).toBe(false);
    for (let i = 0; i < 20; i++) o.failed(closed(), "claim");
    expect(o.delayMs()).toBeGreaterThanOrEqual(RETRY_MAX_MS / 2);
    o.ok();
    expect(o.delayMs()).toBeLessThanOrEqual(500);
  });

  function wrapped(cause: Error) {
    return Object.assign(new Error("Failed query: select 1\nparams: secret@example.org"), { cause });
  }
  it("summarizes a failed query by its driver's message, without SQL or bound values", () => {
    const e = wrapped(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    );
    expect(dbErrorSummary(e)).toBe("connect ECONNREFUSED 127.0.0.1:5432");
    expect(dbErrorSummary(new Error("Failed query: x\nparams: a@b"))).toBe("Failed query: x");
  });
});
