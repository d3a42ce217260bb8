/**
 * Submission quotas (per team and box): a number per UTC calendar day and one in total. Pure, so
 * the upload form shows the very rule the server enforces (`quotaState` and `createSubmission` in
 * ./create.ts).
 */

/** What a team has used and has left on a box; `remaining` = min(perDay − usedToday, total − usedTotal), ≥ 0. */
export type QuotaState = {
  perDay: number;
  total: number;
  usedToday: number;
  usedTotal: number;
  remaining: number;
};

/**
 * The UTC calendar day of an instant, "YYYY-MM-DD": each accepted upload is stamped with it, and
 * the daily count is of today's stamps, so the daily quota resets at 00:00 UTC.
 * @example utcDay(new Date("2026-03-01T23:59:59Z")) // "2026-03-01"
 */
export function utcDay(d = new Date()): string {
  return d.toISOString().slice(0, 10);
}

/**
 * When the daily quota next resets: the first instant after `now` whose `utcDay` differs, i.e. the
 * next 00:00 UTC (at exactly midnight, the one 24 h later).
 * @example nextQuotaReset(new Date("2026-03-01T20:48:00Z")) // 2026-03-02T00:00:00.000Z
 */
export function nextQuotaReset(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/**
 * Why a team cannot upload to a box now, or null when it can. The same test as the server's:
 * refused when today's uploads reached `perDay` or all of them reached `total` (the total first:
 * it never resets).
 */
export function quotaBlock(q: QuotaState): "total" | "daily" | null {
  if (q.usedTotal >= q.total) return "total";
  if (q.usedToday >= q.perDay) return "daily";
  return null;
}
