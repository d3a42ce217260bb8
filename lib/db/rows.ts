/**
 * The rows of `db.execute(sql…)`, typed `Row`: postgres.js answers an array of rows, PGlite
 * `{ rows }`, and drizzle's `Db` (either driver) types the result as unknown.
 */
export function rowsOf<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result;
  return (result as { rows: Row[] }).rows;
}
