import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";
import { type DbHandle, openDb, setDbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";

export type TestDatabase = { name: "pglite" | "postgres"; open: () => Promise<DbHandle> };

/** A fresh, migrated in-memory PGlite. */
async function openPglite(): Promise<DbHandle> {
  const h = await openDb({ memory: true });
  await migrateDb(h);
  return h;
}

/**
 * A fresh, migrated PostgreSQL database created next to the one DATABASE_URL names, dropped again
 * when the handle is closed — so test files never see each other's rows.
 */
export async function createPostgresDatabase(
  opts: { migrate?: boolean } = {},
): Promise<DbHandle & { url: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("DATABASE_URL is not set");
  const name = `arena_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const h = await openDb({ url: url.toString() });
  if (opts.migrate !== false) await migrateDb(h);
  return {
    ...h,
    url: url.toString(),
    close: async () => {
      await h.close();
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set (as in CI). */
export function testDatabases(): TestDatabase[] {
  const list: TestDatabase[] = [{ name: "pglite", open: openPglite }];
  if (process.env.DATABASE_URL) list.push({ name: "postgres", open: createPostgresDatabase });
  return list;
}

/**
 * The database of one describe block: opened before its tests and made the app's handle
 * (setDbHandle), closed after them. The returned handle is filled in by the beforeAll hook.
 */
export function useAppDatabase(open: () => Promise<DbHandle>): DbHandle {
  const h = {} as DbHandle;
  beforeAll(async () => {
    Object.assign(h, await open());
    setDbHandle(h);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await h.close();
  });
  return h;
}
