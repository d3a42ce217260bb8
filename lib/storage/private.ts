import fs from "node:fs";
import path from "node:path";

/** Modes of everything the data directory holds: the owner alone reads sealed truth, PGlite, secrets. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Create `dir` (and missing parents) readable by the owner alone, and tighten it if it exists.
 * Throws an Error naming the directory when this user cannot (it belongs to someone else).
 */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(
      `${dir}: cannot make it readable by its owner alone (${code}); set ARENA_DATA_DIR to a directory this user owns`,
    );
  }
}

/**
 * Seal a data directory at start: the directory and PGlite's `pgdata` 0700, the generated
 * `auth-secret` 0600, and every folder (0700) and file (0600) under `blobs/` and `imports/` — also
 * those an older version wrote world-readable. What is missing is skipped.
 */
export function sealDataDir(dataDir: string): void {
  ensurePrivateDir(dataDir);
  const pgdata = path.join(dataDir, "pgdata");
  if (fs.existsSync(pgdata)) fs.chmodSync(pgdata, PRIVATE_DIR_MODE);
  const secret = path.join(dataDir, "auth-secret");
  if (fs.existsSync(secret)) fs.chmodSync(secret, PRIVATE_FILE_MODE);
  for (const sub of ["blobs", "imports"]) sealTree(path.join(dataDir, sub));
}

function sealTree(dir: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    throw e;
  }
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
  for (const d of entries) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) sealTree(p);
    else if (d.isFile()) fs.chmodSync(p, PRIVATE_FILE_MODE);
  }
}
