import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { QuotaState } from "@/lib/submissions/quota";
import { BoxSubmissions } from "./BoxSubmissions";
import { quotaNotice } from "./quota-notice";

const quota = (usedToday: number, usedTotal: number, perDay = 5, total = 100): QuotaState => ({
  perDay,
  total,
  usedToday,
  usedTotal,
  remaining: Math.max(0, Math.min(perDay - usedToday, total - usedTotal)),
});
const at = new Date("2026-03-01T20:48:00Z");

describe("quotaNotice", () => {
  it("says nothing while an upload is left", () => {
    expect(quotaNotice(quota(4, 4), at)).toBeNull();
  });
  it("names the daily count and the reset at 00:00 UTC, with a countdown once the browser's clock is known", () => {
    expect(quotaNotice(quota(5, 7), at)).toBe(
      "Daily quota used up (5 of 5); it resets at 00:00 UTC, in 3 h 12 min.",
    );
    expect(quotaNotice(quota(5, 7), new Date("2026-03-01T23:59:30Z"))).toBe(
      "Daily quota used up (5 of 5); it resets at 00:00 UTC, in 0 min 30 s.",
    );
    expect(quotaNotice(quota(5, 7))).toBe("Daily quota used up (5 of 5); it resets at 00:00 UTC.");
  });
  it("says a used-up total does not reset, and a daily quota of 0 takes no uploads", () => {
    expect(quotaNotice(quota(2, 100), at)).toBe(
      "Total quota used up (100 of 100): this box takes no more uploads from your team; it does not reset.",
    );
    expect(quotaNotice(quota(0, 0, 0), at)).toBe("This box takes no uploads: its daily quota is 0.");
  });
});

describe("BoxSubmissions", () => {
  const render = (q: QuotaState) =>
    renderToStaticMarkup(
      createElement(BoxSubmissions, {
        apiPath: "/api/v1/challenges/c/boxes/b/submissions",
        open: true,
        formats: { scores: ".npy", topIds: ".txt" },
        topK: 1000,
        maxUploadMB: 100,
        teamName: "Quarks",
        initial: { quota: q, submissions: [] },
      }),
    );

  it("disables the whole upload form at 0 left and says why", () => {
    const h = render(quota(5, 9));
    expect(h).toMatch(/<fieldset class="bare stack" disabled="">/);
    expect(h).toMatch(/<button type="submit" disabled="">Upload<\/button>/);
    expect(h).toContain(
      'data-testid="quota-block">Daily quota used up (5 of 5); it resets at 00:00 UTC.</p>',
    );
  });
  it("leaves it enabled with an upload left", () => {
    const h = render(quota(4, 9));
    expect(h).not.toContain("disabled");
    expect(h).not.toContain("quota-block");
    expect(h).toContain("1 of 5 left today");
  });
});
