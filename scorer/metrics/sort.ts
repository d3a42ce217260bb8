const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const RADIX_MIN = 4096;

/**
 * Sorts finite doubles ascending, in place, and returns the array: an LSD radix sort on the IEEE bits
 * (4 passes of 16 bits, passes where every key shares the digit skipped). Why not `Float64Array#sort`:
 * it is the whole cost of a 1M-event ROC (~90 ms), and radix is ~3× faster; small arrays (and
 * big-endian hosts) still use the native sort. Order equals the native one: −0 sorts just before +0
 * (callers compare with ===, so they stay one score). NaN must not occur (validated earlier).
 *
 * @example
 * sortFloat64(new Float64Array([2, -1, 0.5])); // → Float64Array [-1, 0.5, 2]
 */
export function sortFloat64(a: Float64Array): Float64Array {
  const n = a.length;
  if (n < RADIX_MIN || !LITTLE_ENDIAN) return a.sort();
  const words = new Uint32Array(a.buffer, a.byteOffset, 2 * n);
  let lo = new Uint32Array(n);
  let hi = new Uint32Array(n);
  const counts = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i]!;
    let h = words[2 * i + 1]!;
    // map IEEE bits to unsigned keys with the same order: negatives flip all bits, positives the sign
    if (h & 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    lo[i] = l;
    hi[i] = h;
    counts[l & 0xffff]!++;
    counts[65536 + (l >>> 16)]!++;
    counts[131072 + (h & 0xffff)]!++;
    counts[196608 + (h >>> 16)]!++;
  }
  let lo2 = new Uint32Array(n);
  let hi2 = new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 65536;
    const shift = (pass & 1) * 16;
    const first = pass < 2 ? lo[0]! : hi[0]!;
    if (counts[base + ((first >>> shift) & 0xffff)] === n) continue;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[base + d]!;
      counts[base + d] = sum;
      sum += c;
    }
    const key = pass < 2 ? lo : hi;
    for (let i = 0; i < n; i++) {
      const at = counts[base + ((key[i]! >>> shift) & 0xffff)]!++;
      lo2[at] = lo[i]!;
      hi2[at] = hi[i]!;
    }
    [lo, lo2] = [lo2, lo];
    [hi, hi2] = [hi2, hi];
  }
  for (let i = 0; i < n; i++) {
    let l = lo[i]!;
    let h = hi[i]!;
    if (h & 0x80000000) {
      h = (h & 0x7fffffff) >>> 0;
    } else {
      h = ~h >>> 0;
      l = ~l >>> 0;
    }
    words[2 * i] = l;
    words[2 * i + 1] = h;
  }
  return a;
}
