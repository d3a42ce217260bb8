import { env } from "@/lib/env";
import { BlobStore } from "./blobs";

export { BlobStore } from "./blobs";

/** This process's blob store, under ARENA_DATA_DIR (a shared volume when several machines serve). */
export function blobStore(): BlobStore {
  return new BlobStore(env().dataDir);
}
