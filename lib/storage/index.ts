import { env } from "@/lib/env";
import { BlobStore } from "./blobs";

export { BlobStore } from "./blobs";
export { ensurePrivateDir, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, sealDataDir } from "./private";

/** This process's blob store, under ARENA_DATA_DIR (a shared volume when several machines serve). */
export function blobStore(): BlobStore {
  return new BlobStore(env().dataDir);
}
