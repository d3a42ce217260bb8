import fs from "node:fs";
import path from "node:path";
import { configuredTarget, type DbHandle, openDb, setDbHandle } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { env, resetEnvCache } from "@/lib/env";
import { randomSecret } from "@/lib/secrets";
import { ensurePrivateDir } from "@/lib/storage/private";

/**
 * AUTH_SECRET signs session cookies. When unset, one is generated once and kept in the data
 * directory, so sessions survive restarts of a single embedded instance. Several web instances
 * must share one: set AUTH_SECRET explicitly there.
 */
export function ensureAuthSecret(): void {
  if (process.env.AUTH_SECRET?.trim()) return;
  const file = path.join(env().dataDir, "auth-secret");
  ensurePrivateDir(path.dirname(file));
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomSecret(32), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
  resetEnvCache(); // this process's env() must see the secret too, not only Next's bundles
  if (env().DATABASE_URL) {
    console.warn(
      `AUTH_SECRET is not set: using the one kept in ${file}. Set AUTH_SECRET when running several web instances.`,
    );
  }
}

/** Open the configured database, make it this process's database, and migrate it. */
export async function openAndMigrate(): Promise<DbHandle> {
  const handle = await openDb(configuredTarget());
  setDbHandle(handle);
  await migrateDb(handle);
  return handle;
}
