/**
 * Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel random
 * numbers: as easy as 1, 2, 3" (SC'11), as in Random123 `philox4x32` with 10 rounds (checked against
 * its published known-answer vectors in philox.test.ts). Output block = f(counter, key): no state is
 * carried between blocks, so pseudo-experiment j can be generated anywhere, by any thread.
 */
const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 (exact, via 16-bit halves). */
function mulhi(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const lh = aL * bH;
  const hl = aH * bL;
  const mid = ((aL * bL) >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (aH * bH + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** One Philox4x32-10 block; writes 4 uint32 words into out. */
export function philox4x32(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
): void {
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/**
 * Uniform doubles for one pseudo-experiment: key = the 64-bit seed (two words), counter =
 * (block, toy index, 0, 0). Each block gives two 53-bit uniforms in [0, 1).
 */
export class ToyStream {
  private readonly k0: number;
  private readonly k1: number;
  private toy = 0;
  private block = 0;
  private pos = 4;
  private readonly buf = new Uint32Array(4);

  /** @param seed integer in [0, 2^53) */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`seed must be an integer ≥ 0, got ${seed}`);
    this.k0 = seed >>> 0;
    this.k1 = Math.floor(seed / 4294967296) >>> 0;
  }

  /** Restart the stream at pseudo-experiment j (0 ≤ j < 2^32). */
  reset(j: number): void {
    this.toy = j >>> 0;
    this.block = 0;
    this.pos = 4;
  }

  uniform(): number {
    if (this.pos === 4) {
      philox4x32(this.block, this.toy, 0, 0, this.k0, this.k1, this.buf);
      this.block = (this.block + 1) >>> 0;
      this.pos = 0;
    }
    const a = this.buf[this.pos]! >>> 5;
    const b = this.buf[this.pos + 1]! >>> 6;
    this.pos += 2;
    return (a * 67108864 + b) / 9007199254740992;
  }
}
