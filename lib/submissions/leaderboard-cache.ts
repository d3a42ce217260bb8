/**
 * The live leaderboards this process has ranked, one per box and kind, each tagged with the
 * signature it was ranked under: the box's `leaderboard_version` (bumped in the transaction that
 * writes an evaluation, by whichever process, see bumpLeaderboard), its status and mode (which decide
 * whether truth is visible) and the ranking. A request whose box row carries another signature ranks
 * afresh, so no extra query is needed to know the entry is current: the box row is read anyway.
 *
 * Entries hold the promise, so 50 requests arriving on a cold entry rank once. On globalThis: the
 * route handlers and the pages of a production build are separate bundles in one process.
 */
const LIMIT = 64;

type Entry<T> = { sig: string; value: Promise<T> };
const KEY = Symbol.for("anomaly-arena.leaderboard-cache");
const g = globalThis as unknown as Record<symbol, Map<string, Entry<unknown>> | undefined>;
g[KEY] ??= new Map<string, Entry<unknown>>();
const entries = g[KEY];

/** `compute()` once per (key, sig); a failed computation is forgotten, so the next request retries. */
export function cachedLeaderboard<T>(key: string, sig: string, compute: () => Promise<T>): Promise<T> {
  const hit = entries.get(key) as Entry<T> | undefined;
  if (hit?.sig === sig) {
    // Map order is insertion order: re-inserting marks it most recently used.
    entries.delete(key);
    entries.set(key, hit);
    return hit.value;
  }
  const value = compute();
  const entry: Entry<T> = { sig, value };
  entries.delete(key);
  entries.set(key, entry);
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  while (entries.size > LIMIT) entries.delete(entries.keys().next().value as string);
  return value;
}

/** Forget every entry (tests that rebuild a database under the same ids). */
export function clearLeaderboardCache(): void {
  entries.clear();
}
