import { countdownText } from "@/components/ui/Countdown";
import { nextQuotaReset, type QuotaState, quotaBlock } from "@/lib/submissions/quota";

/**
 * What the Submit card says when the team has no upload left, or null when it has one:
 * "Daily quota used up (5 of 5); it resets at 00:00 UTC, in 3 h 12 min." — the countdown only with
 * `now` (the browser's clock, once mounted; the server renders the sentence without it). A used-up
 * total never resets; a daily quota of 0 means the box takes no uploads at all.
 * @example quotaNotice({ perDay: 5, total: 100, usedToday: 5, usedTotal: 7, remaining: 0 }, new Date("2026-03-01T20:48:00Z"))
 * // "Daily quota used up (5 of 5); it resets at 00:00 UTC, in 3 h 12 min."
 */
export function quotaNotice(q: QuotaState, now?: Date): string | null {
  const block = quotaBlock(q);
  if (block === "total")
    return `Total quota used up (${q.usedTotal} of ${q.total}): this box takes no more uploads from your team; it does not reset.`;
  if (block === null) return null;
  if (q.perDay === 0) return "This box takes no uploads: its daily quota is 0.";
  const when = now ? `, ${countdownText(nextQuotaReset(now).getTime() - now.getTime())}` : "";
  return `Daily quota used up (${q.usedToday} of ${q.perDay}); it resets at 00:00 UTC${when}.`;
}
