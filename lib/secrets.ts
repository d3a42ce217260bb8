import { createHash, randomBytes } from "node:crypto";

/** A URL-safe random secret with `bytes` bytes of entropy, optionally prefixed ("arena_..."). */
export function randomSecret(bytes = 24, prefix = ""): string {
  return prefix + randomBytes(bytes).toString("base64url");
}

/**
 * A fresh 256-bit generator seed from the OS CSPRNG, as 64 hex digits: what every box the server
 * builds gets. Truth until the reveal — it lives in the box's spec column and its truth file only.
 */
export function newSeed(): string {
  return randomBytes(32).toString("hex");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}
