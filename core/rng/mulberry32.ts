/**
 * mulberry32: a small 32-bit seeded PRNG, uniform on [0, 1). For building test samples and bench
 * data only — the product's random numbers come from the Philox streams in core/rng/philox.ts.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
