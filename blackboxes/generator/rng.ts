import { philox4x32 } from "@/scorer/bumphunt/philox";

/** Events per independently seeded block of the stream (the unit of splitting). */
export const CHUNK_EVENTS = 256;

const TWO_PI = 2 * Math.PI;
const INV_2_32 = 1 / 4294967296;

/**
 * Splittable seeded stream: Philox4x32-10 (counter = (chunk, component, 0, 0), key = the 53-bit
 * seed) gives the 128-bit state of a xoshiro128** generator for each chunk of CHUNK_EVENTS events of
 * one component. Any chunk can be regenerated alone, so the output does not depend on how the work is
 * split; xoshiro inside a chunk because per-event Philox blocks cost ~40% of the 1 s budget.
 * Uniforms carry 32 bits, in the open interval (0, 1): enough for float32 features and safe for log.
 */
export class ChunkStream {
  private readonly k0: number;
  private readonly k1: number;
  private readonly words = new Uint32Array(4);
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;

  /** @param seed integer in [0, 2^53); throws RangeError otherwise */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
    this.k0 = seed >>> 0;
    this.k1 = Math.floor(seed / 4294967296) >>> 0;
  }

  /** Position the stream at chunk `chunk` of component `component` (both < 2^32). */
  reset(component: number, chunk: number): void {
    philox4x32(chunk >>> 0, component >>> 0, 0, 0, this.k0, this.k1, this.words);
    this.s0 = this.words[0] as number;
    this.s1 = this.words[1] as number;
    this.s2 = this.words[2] as number;
    // xoshiro's state must not be all zero; Philox makes that a 2^-128 event, excluded here anyway.
    this.s3 = (this.words[3] as number) | 1;
    this.hasSpare = false;
  }

  /** xoshiro128** (Blackman & Vigna 2018) next 32-bit word. */
  private next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in (0, 1): (k + 0.5) / 2^32. */
  uniform(): number {
    return (this.next() + 0.5) * INV_2_32;
  }

  /** Standard normal by Box–Muller (the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()));
    const a = TWO_PI * this.uniform();
    this.spare = r * Math.sin(a);
    this.hasSpare = true;
    return r * Math.cos(a);
  }

  /** Exponential with unit mean. */
  exponential(): number {
    return -Math.log(this.uniform());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
