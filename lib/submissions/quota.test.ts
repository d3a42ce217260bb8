import { describe, expect, it } from "vitest";
import { nextQuotaReset, quotaBlock, utcDay } from "./quota";

const q = (usedToday: number, usedTotal: number, perDay = 5, total = 20) => ({
  perDay,
  total,
  usedToday,
  usedTotal,
  remaining: Math.max(0, Math.min(perDay - usedToday, total - usedTotal)),
});

describe("nextQuotaReset", () => {
  it("is the next 00:00 UTC: the first instant the server's quota day (utcDay) changes", () => {
    for (const iso of [
      "2026-03-01T20:48:00.000Z",
      "2026-03-01T00:00:00.000Z",
      "2026-03-01T23:59:59.999Z",
      "2026-02-28T12:00:00.000Z", // into March
      "2028-02-28T12:00:00.000Z", // leap day next
      "2026-12-31T23:00:00.000Z", // new year
    ]) {
      const now = new Date(iso);
      const reset = nextQuotaReset(now);
      expect(reset.toISOString().slice(11), iso).toBe("00:00:00.000Z");
      expect(utcDay(reset), iso).not.toBe(utcDay(now));
      expect(utcDay(new Date(reset.getTime() - 1)), iso).toBe(utcDay(now));
    }
    expect(nextQuotaReset(new Date("2028-02-28T12:00:00Z")).toISOString()).toBe("2028-02-29T00:00:00.000Z");
    expect(nextQuotaReset(new Date("2026-12-31T23:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });
});

describe("quotaBlock", () => {
  it("blocks exactly when no upload is left, the total (which never resets) before the day", () => {
    expect(quotaBlock(q(4, 10))).toBeNull();
    expect(quotaBlock(q(5, 10))).toBe("daily");
    expect(quotaBlock(q(6, 10))).toBe("daily"); // perDay lowered after the uploads
    expect(quotaBlock(q(2, 20))).toBe("total");
    expect(quotaBlock(q(5, 20))).toBe("total");
    expect(quotaBlock(q(0, 0, 0))).toBe("daily");
    for (const [d, t] of [
      [0, 0],
      [4, 19],
      [5, 12],
      [1, 20],
    ] as const) {
      expect(quotaBlock(q(d, t)) !== null, `${d}/${t}`).toBe(q(d, t).remaining === 0);
    }
  });
});
