import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from "./private";

/**
 * Content-addressed blob store under `<dataDir>/blobs`: a blob's name is the SHA-256 of its bytes,
 * files are written to a temporary name and renamed into place (never half-written), and writing the
 * same bytes twice is a no-op. Public black box files, sealed truth files and uploads live here;
 * routes decide who may read which blob. On disk the owner alone may read them: folders 0700, files
 * 0600 (a sealed truth file is the answer key; another account on the host must not read it).
 */
export class BlobStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, "blobs");
  }

  /** Where a blob lives: blobs/ab/cdef… (two-level fan-out keeps directories small). */
  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  /**
   * Store bytes; returns their SHA-256, size, and whether this call wrote the file (false: it
   * existed). A failed write (ENOSPC on a full disk …) removes its temporary file and throws.
   */
  put(bytes: Uint8Array): { sha256: string; size: number; created: boolean } {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const target = this.pathOf(sha256);
    // Stored already: touched, so an old orphan that a row is about to name is young to the sweep.
    const created = !touch(target);
    if (created) {
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
      const tmp = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
      try {
        fs.writeFileSync(tmp, bytes, { mode: PRIVATE_FILE_MODE });
        fs.renameSync(tmp, target);
      } catch (e) {
        // A full disk (ENOSPC, EDQUOT) leaves part of the file written: never leave it behind.
        fs.rmSync(tmp, { force: true });
        throw e;
      }
    }
    return { sha256, size: bytes.byteLength, created };
  }

  /**
   * Move a finished file on the same file system into the store (hashed as a stream: for files too
   * large to read at once). The source is gone afterwards, whether or not the blob existed.
   */
  async putFile(file: string): Promise<{ sha256: string; size: number; created: boolean }> {
    return this.adoptFile(file, await sha256File(file));
  }

  /**
   * `putFile` for a file whose SHA-256 the caller already has (import staging hashes while it
   * streams the upload to disk: no second pass over a multi-GB file). The caller vouches for it.
   */
  adoptFile(file: string, sha256: string): { sha256: string; size: number; created: boolean } {
    const target = this.pathOf(sha256);
    const size = fs.statSync(file).size;
    const created = !touch(target);
    if (created) {
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
      fs.chmodSync(file, PRIVATE_FILE_MODE);
      fs.renameSync(file, target);
      touch(target); // a rename keeps the staged file's age
    } else fs.rmSync(file, { force: true });
    return { sha256, size, created };
  }

  /** Delete a blob (no error when absent). Callers check that nothing references it any more. */
  remove(sha256: string): void {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  size(sha256: string): number {
    return fs.statSync(this.pathOf(sha256)).size;
  }

  read(sha256: string): Uint8Array {
    const b = fs.readFileSync(this.pathOf(sha256));
    // A file of 4 KB or more gets a buffer of its own: a plain view of it, no copy (the worker reads
    // 8–16 MB blobs per job). Smaller ones sit in Node's shared pool: copied out of it.
    return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength
      ? new Uint8Array(b.buffer, 0, b.byteLength)
      : new Uint8Array(b);
  }

  /** A byte range [start, end] (inclusive, like HTTP Range) as a Node stream. */
  stream(sha256: string, range?: { start: number; end: number }): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256), range);
  }
}

/**
 * Mark a blob as just stored: the orphan sweep (./sweep.ts) leaves blobs modified within the hour.
 * Returns false when there is no such file.
 */
function touch(file: string): boolean {
  const now = new Date();
  try {
    fs.utimesSync(file, now, now);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw e;
  }
}

/** The SHA-256 of a file, read as a stream (files too large to hold in memory). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}
