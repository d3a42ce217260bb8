import { createHash, randomBytes } from "node:crypto";

/** A URL-safe random secret with `bytes` bytes of entropy, optionally prefixed ("arena_..."). */
export function randomSecret(bytes = 24, prefix = ""): string {
  return prefix + randomBytes(bytes).toString("base64url");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
