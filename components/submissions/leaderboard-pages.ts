/** Team rows per page of the leaderboard page (the API returns them all). */
export const LEADERBOARD_PAGE_ROWS = 50;

/**
 * One page of a leaderboard's rows for the web page: team rows `(page − 1) × size + 1 … page × size`
 * in their order, then every baseline (they are the reference on each page). `raw` is the `page`
 * query parameter; anything but a whole number from 1 reads as page 1, past the end as the last page.
 * Rendering all 500 rows of a crowded box made each view ~670 kB and its server time ~40× a page's.
 *
 * @example leaderboardPage(rows, "2", 50) // → { page: 2, first: 51, last: 100, … } for 120 team rows
 */
export function leaderboardPage<R extends { baseline: string | null }>(
  rows: readonly R[],
  raw: string | undefined,
  size = LEADERBOARD_PAGE_ROWS,
) {
  const teams = rows.filter((r) => r.baseline === null);
  const baselines = rows.filter((r) => r.baseline !== null);
  const pages = Math.max(1, Math.ceil(teams.length / size));
  const asked = Number(raw);
  const page = /^\d+$/.test(raw ?? "") && asked >= 1 ? Math.min(asked, pages) : 1;
  const first = (page - 1) * size;
  return {
    rows: [...teams.slice(first, first + size), ...baselines],
    page,
    pages,
    first: Math.min(first + 1, teams.length),
    last: Math.min(first + size, teams.length),
    teams: teams.length,
  };
}
