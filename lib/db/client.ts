import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { env } from "@/lib/env";
import { ensurePrivateDir, PRIVATE_DIR_MODE } from "@/lib/storage/private";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "pglite" | "postgres";

export type DbHandle = {
  db: Db;
  kind: DbKind;
  /** PostgreSQL connection string (postgres only), for work that needs one dedicated connection. */
  url?: string;
  close: () => Promise<void>;
};

/** Seconds a PostgreSQL connection attempt may take before its queries fail with CONNECT_TIMEOUT. */
export const CONNECT_TIMEOUT_SECONDS = 5;

export type DbTarget = { url: string } | { dataDir: string } | { memory: true };

/** Open a database: PostgreSQL through postgres.js, or embedded PGlite (on disk or in memory). */
export async function openDb(target: DbTarget): Promise<DbHandle> {
  if ("url" in target) {
    const client = postgres(target.url, {
      max: 10,
      onnotice: () => {},
      // postgres.js reconnects on the next query after a connection drops (the worker retries with its
      // own backoff). Fail fast while the database is down, so a request answers 503 within seconds: a connection
      // attempt gives up after 5 s (postgres.js waits 30 s), and after failed attempts it waits at
      // most 1 s before the next (its own backoff grows to 20 s, which kept requests hanging for up
      // to 16 s after the database was back).
      connect_timeout: CONNECT_TIMEOUT_SECONDS,
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    });
    const db = drizzlePostgres({ client, schema }) as unknown as Db;
    return { db, kind: "postgres", url: target.url, close: () => client.end({ timeout: 5 }) };
  }
  let dataDir: string | undefined;
  if ("dataDir" in target) {
    dataDir = path.resolve(target.dataDir);
    ensurePrivateDir(path.dirname(dataDir));
  }
  // Loaded only in embedded mode: PGlite's module costs ~80 MB of memory that a PostgreSQL
  // deployment's web and worker processes do not need.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
  ]);
  const client = new PGlite(dataDir);
  await client.waitReady;
  if (dataDir) fs.chmodSync(dataDir, PRIVATE_DIR_MODE); // PGlite creates it with the umask's mode
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  return { db, kind: "pglite", close: () => client.close() };
}

/** Where the configured database lives. */
export function configuredTarget(): DbTarget {
  const e = env();
  return e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: path.join(e.dataDir, "pgdata") };
}

// One handle per process, shared through globalThis: the custom server (server/start.ts) and the
// route handlers Next bundles separately are different module instances, and PGlite must have
// exactly one owner.
type Holder = { handle?: Promise<DbHandle> };
const g = globalThis as { __arenaDb?: Holder };
g.__arenaDb ??= {};
const holder: Holder = g.__arenaDb;

export function getDbHandle(): Promise<DbHandle> {
  holder.handle ??= openDb(configuredTarget());
  return holder.handle;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Install a handle as this process's database (tests, and the server before it migrates). */
export function setDbHandle(handle: DbHandle | undefined): void {
  holder.handle = handle ? Promise.resolve(handle) : undefined;
}
