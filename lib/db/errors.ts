// Whether an error means the database could not be reached: one classification for the web (503
// database_unavailable, lib/errors.ts) and the worker (wait and retry, lib/jobs/outage.ts).

/** postgres.js and Node socket codes of a connection that dropped or could not be made. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * SQLSTATEs of a server going away or not yet taking connections: class 08 (connection exception),
 * 57P01 admin_shutdown (a restart), 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up),
 * 53300 too_many_connections.
 */
const CONNECTION_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

/** The error and its causes, outermost first (drizzle wraps a driver's error in DrizzleQueryError). */
export function errorChain(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let x = e; x !== undefined && x !== null && out.length < 8; x = (x as { cause?: unknown }).cause)
    out.push(x);
  return out;
}

/**
 * Whether `e` means the database could not be reached (down, restarting, network cut) rather than
 * that the query was wrong: the caller waits and tries again instead of recording a failure.
 */
export function isConnectionError(e: unknown): boolean {
  return errorChain(e).some((x) => {
    const code = (x as { code?: unknown }).code;
    return typeof code === "string" && (CONNECTION_CODES.has(code) || CONNECTION_SQLSTATE.test(code));
  });
}
