import path from "node:path";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DbHandle } from "./client";

/** The folder drizzle-kit writes migrations to; resolved from the working directory (the repo root). */
export const MIGRATIONS_DIR = path.resolve(process.cwd(), "drizzle");

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK = 4_242_001;

/**
 * Apply every pending migration in `drizzle/`: the one migrate function used by `npm start`,
 * the worker, tests and CI. On PostgreSQL several processes may start at once (web + workers), so
 * the migration runs on one dedicated connection holding an advisory lock; the others wait and
 * then find nothing to do.
 */
export async function migrateDb(handle: DbHandle, migrationsFolder = MIGRATIONS_DIR): Promise<void> {
  if (handle.kind === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder });
    return;
  }
  if (!handle.url) throw new Error("migrateDb: a PostgreSQL handle needs its url");
  const client = postgres(handle.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle({ client }), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
