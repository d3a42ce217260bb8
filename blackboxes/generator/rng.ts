import { philox4x32 } from "@/core/rng/philox";
import { type Seed, seedWords } from "./seed";

/** Events per independently seeded block of the stream (the unit of splitting). */
export const CHUNK_EVENTS = 256;

const INV_2_32 = 1 / 4294967296;

/**
 * Splittable seeded stream: Philox4x32-10 (counter = (chunk, component, c2, c3), key = (k0, k1)),
 * XORed with a 128-bit mask, gives the 128-bit state of a xoshiro128** generator for each chunk of
 * CHUNK_EVENTS events of one component. The seed sets key, c2, c3 and mask (`seedWords`: a 256-bit
 * seed all of them, an integer seed the key alone). Any chunk can be regenerated alone, so the output
 * does not depend on how the work is split; xoshiro inside a chunk because per-event Philox blocks
 * cost ~40% of the 1 s budget.
 * Uniforms carry 32 bits, in the open interval (0, 1): enough for float32 features and safe for log.
 */
export class ChunkStream {
  private readonly k0: number;
  private readonly k1: number;
  private readonly c2: number;
  private readonly c3: number;
  private readonly m0: number;
  private readonly m1: number;
  private readonly m2: number;
  private readonly m3: number;
  private readonly words = new Uint32Array(4);
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** @param seed 64 hex digits, or an integer in [0, 2^53); throws RangeError otherwise */
  constructor(seed: Seed) {
    const w = seedWords(seed);
    this.k0 = w.k0;
    this.k1 = w.k1;
    this.c2 = w.c2;
    this.c3 = w.c3;
    this.m0 = (w.mask[0] as number) | 0;
    this.m1 = (w.mask[1] as number) | 0;
    this.m2 = (w.mask[2] as number) | 0;
    this.m3 = (w.mask[3] as number) | 0;
  }

  /** Position the stream at chunk `chunk` of component `component` (both < 2^32). */
  reset(component: number, chunk: number): void {
    philox4x32(chunk >>> 0, component >>> 0, this.c2, this.c3, this.k0, this.k1, this.words);
    // State words are kept as int32 (`| 0`), so V8 stores them as small integers, never boxed doubles
    // (3× faster draws). xoshiro's state must not be all zero; Philox makes that a 2^-128 event,
    // excluded here anyway.
    this.s0 = (this.words[0] as number) ^ this.m0;
    this.s1 = (this.words[1] as number) ^ this.m1;
    this.s2 = (this.words[2] as number) ^ this.m2;
    this.s3 = ((this.words[3] as number) ^ this.m3) | 1;
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

  /**
   * Standard normal by the ziggurat method (Marsaglia & Tsang 2000, 128 layers): one word picks the
   * layer, a second one the abscissa (Doornik 2005: the same word for both correlates them), ~99% of
   * draws need no transcendental call. ~10× faster than Box–Muller here.
   */
  normal(): number {
    for (;;) {
      const i = this.next() & 127;
      const z = (2 * this.uniform() - 1) * (ZN_X[i] as number);
      if (Math.abs(z) < (ZN_X[i + 1] as number)) return z;
      if (i === 0) {
        // Tail beyond R (Marsaglia 1964).
        for (;;) {
          const a = -Math.log(this.uniform()) / ZN_R;
          const b = -Math.log(this.uniform());
          if (2 * b > a * a) return z < 0 ? -(ZN_R + a) : ZN_R + a;
        }
      }
      const lo = ZN_F[i + 1] as number;
      if (lo + this.uniform() * ((ZN_F[i] as number) - lo) < Math.exp(-0.5 * z * z)) return z;
    }
  }

  /** Exponential with unit mean, by the ziggurat method (256 layers; the tail is memoryless). */
  exponential(): number {
    for (;;) {
      const i = this.next() & 255;
      const z = this.uniform() * (ZE_X[i] as number);
      if (z < (ZE_X[i + 1] as number)) return z;
      if (i === 0) return ZE_R - Math.log(this.uniform());
      const lo = ZE_F[i + 1] as number;
      if (lo + this.uniform() * ((ZE_F[i] as number) - lo) < Math.exp(-z)) return z;
    }
  }
}

/**
 * Ziggurat tables: layer i covers |x| < X[i] between heights F[i] and F[i+1]; every layer has area V.
 * X[0] = V / f(R) is the base strip including the tail, X[1] = R, X[n] = 0. Constants R and V from
 * Marsaglia & Tsang, "The ziggurat method for generating random variables", J. Stat. Softw. 5 (2000).
 */
function zigguratTables(
  n: number,
  r: number,
  v: number,
  f: (x: number) => number,
  fInv: (y: number) => number,
) {
  const x = new Float64Array(n + 1);
  x[0] = v / f(r);
  x[1] = r;
  for (let i = 1; i < n - 1; i++) x[i + 1] = fInv(v / (x[i] as number) + f(x[i] as number));
  x[n] = 0;
  return { x, f: x.map((t) => f(t)) };
}

const ZN_R = 3.442619855899;
const { x: ZN_X, f: ZN_F } = zigguratTables(
  128,
  ZN_R,
  9.91256303526217e-3,
  (x) => Math.exp(-0.5 * x * x),
  (y) => Math.sqrt(-2 * Math.log(y)),
);
const ZE_R = 7.69711747013105;
const { x: ZE_X, f: ZE_F } = zigguratTables(
  256,
  ZE_R,
  3.949659822581557e-3,
  (x) => Math.exp(-x),
  (y) => -Math.log(y),
);

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
