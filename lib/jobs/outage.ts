import { errorChain, isConnectionError } from "@/lib/db/errors";
import { scrubSqlParams } from "@/lib/errors";

/** First and longest wait between tries while the database is unreachable. */
export const RETRY_FIRST_MS = 500;
export const RETRY_MAX_MS = 30_000;

/**
 * Wait before the n-th consecutive retry (n ≥ 1): exponential from 0.5 s, capped at 30 s, with
 * "equal jitter" (half fixed, half uniform) so workers that lost the database together do not all
 * knock at the same instant when it comes back. `random` ∈ [0, 1).
 * @example retryDelayMs(1, 0) // 250; retryDelayMs(20, 0.999…) → just under 30 000
 */
export function retryDelayMs(n: number, random = Math.random()): number {
  const d = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, n - 1));
  return d / 2 + (random * d) / 2;
}

export type Outage = {
  /** A database call failed: logs once when a connection error starts an outage. */
  failed: (e: unknown, what: string) => void;
  /** A database call worked: logs once when it ends an outage. */
  ok: () => void;
  /** How long to wait before the next try (grows with consecutive failures). */
  delayMs: () => number;
  readonly down: boolean;
};

/**
 * Track whether the database is reachable, for one worker: one log line when it is lost, one when
 * it is restored (with how long it was gone), none per retry. Other errors are logged each time.
 */
export function outageTracker(log: (line: string) => void, who: string): Outage {
  let since: number | undefined;
  let failures = 0;
  return {
    failed(e, what) {
      failures += 1;
      if (!isConnectionError(e)) {
        log(`${who}: ${what} failed: ${dbErrorSummary(e)}`);
      } else if (since === undefined) {
        since = Date.now();
        log(
          `${who}: database connection lost (${dbErrorSummary(e)}); retrying with backoff up to ${RETRY_MAX_MS / 1000} s`,
        );
      }
    },
    ok() {
      failures = 0;
      if (since === undefined) return;
      log(`${who}: database connection restored after ${((Date.now() - since) / 1000).toFixed(1)} s`);
      since = undefined;
    },
    delayMs: () => retryDelayMs(Math.max(1, failures)),
    get down() {
      return since !== undefined;
    },
  };
}

/** The innermost message of a failed query, for one log line: no SQL text, no bound values. */
export function dbErrorSummary(e: unknown): string {
  const inner = errorChain(e).at(-1);
  const message = inner instanceof Error ? inner.message : String(inner);
  return scrubSqlParams(message).split("\n")[0] ?? "";
}
