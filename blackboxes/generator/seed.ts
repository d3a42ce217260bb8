import { createHash } from "node:crypto";

/**
 * A generator seed: 64 hex digits (256 bits, what every box built by the server gets from the OS
 * CSPRNG) or, for tests, studies and boxes made before, a whole number in [0, 2^53).
 */
export type Seed = number | string;

/** A 256-bit seed written as 64 lowercase hex digits. */
export const SEED_HEX = /^[0-9a-f]{64}$/;

/**
 * The words a seed sets in the generator's Philox4x32-10 streams (blackboxes/generator/rng.ts):
 * the 64-bit key (k0, k1), the two counter words left free by (chunk, component) (c2, c3), and a
 * 128-bit mask XORed into each chunk's xoshiro128** state (m0…m3).
 *
 * - integer seed s: k0 = low 32 bits, k1 = high bits, every other word 0 (the streams boxes had
 *   before 256-bit seeds; their bytes are unchanged);
 * - hex seed: the 8 big-endian words of SHA-256("anomaly-arena/generator-seed/1" ‖ the 32 seed
 *   bytes) in the order k0, k1, c2, c3, m0…m3. All 256 bits count (Philox alone takes 128), and
 *   the hash keeps a hex seed from ever giving the words of an integer one.
 *
 * Throws RangeError naming the seed's form when it is neither.
 * @example seedWords(7) // { k0: 7, k1: 0, c2: 0, c3: 0, mask: Uint32Array [0, 0, 0, 0] }
 */
export function seedWords(seed: Seed): SeedWords {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`seed must be an integer in [0, 2^53) or 64 hex digits, got ${seed}`);
    return {
      k0: seed >>> 0,
      k1: Math.floor(seed / 4294967296) >>> 0,
      c2: 0,
      c3: 0,
      mask: new Uint32Array(4),
    };
  }
  if (!SEED_HEX.test(seed))
    throw new RangeError(`seed must be 64 lowercase hex digits (256 bits), got ${seed.length} characters`);
  const h = createHash("sha256").update(DOMAIN).update(Buffer.from(seed, "hex")).digest();
  const w = (i: number) => h.readUInt32BE(4 * i);
  return { k0: w(0), k1: w(1), c2: w(2), c3: w(3), mask: Uint32Array.of(w(4), w(5), w(6), w(7)) };
}

export type SeedWords = { k0: number; k1: number; c2: number; c3: number; mask: Uint32Array };

const DOMAIN = "anomaly-arena/generator-seed/1";

/**
 * A seed as given on a command line or in a JSON spec: 64 hex digits (any case) or a whole number.
 * Returns the canonical form (lowercase hex, or the number); throws RangeError naming `field`.
 */
export function parseSeed(value: unknown, field = "seed"): Seed {
  if (typeof value === "string" && /^[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n === "number" && Number.isSafeInteger(n) && n >= 0) return n;
  throw new RangeError(`${field} must be 64 hex digits (a 256-bit seed) or a whole number ≥ 0`);
}

/** Whether a seed is a 256-bit one (the only kind that cannot be found by searching). */
export function isStrongSeed(seed: unknown): boolean {
  return typeof seed === "string" && SEED_HEX.test(seed);
}
