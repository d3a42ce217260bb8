import { describe, expect, it } from "vitest";
import { dataSummary, featureHistogram } from "./data-summary";

/** 2000 values with a steep, long tail (many exact repeats), one NaN and one +∞. */
function sample(): Float64Array {
  const x = Float64Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 1009) ** 2 / 100);
  x[5] = Number.NaN;
  x[17] = Number.POSITIVE_INFINITY;
  return x;
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("featureHistogram", () => {
  it("matches numpy.histogram between the 0.5 % and 99.5 % quantiles (40 bins)", () => {
    const h = featureHistogram("x", "", sample(), 40, 0.005);
    // reference: numpy 1.24 histogram — x = [((i*7919) % 1009)**2/100 for i in range(2000)], x[5] = nan,
    // x[17] = inf; f = x[isfinite(x)]; lo, hi = np.quantile(f, [0.005, 0.995]);
    // np.histogram(f, bins=40, range=(lo, hi)); (f < lo).sum(), (f > hi).sum()
    expect(h.edges[0]).toBeCloseTo(0.24864999999999995, 12);
    expect(h.edges[40]).toBeCloseTo(10060.391050000002, 9);
    expect(h.edges[1]).toBeCloseTo(251.75221000000005, 9);
    expect(h.edges[17]).toBeCloseTo(4275.809170000001, 9);
    expect(h.counts).toEqual([
      305, 131, 99, 84, 74, 67, 62, 56, 53, 52, 49, 46, 44, 43, 41, 40, 38, 38, 37, 36, 34, 33, 34, 31, 32,
      32, 32, 29, 30, 28, 28, 30, 28, 25, 28, 26, 26, 26, 25, 26,
    ]);
    expect([h.underflow, h.overflow, h.missing]).toEqual([10, 10, 2]);
    expect(sum(h.counts) + h.underflow + h.overflow + h.missing).toBe(2000);
  });

  it("matches numpy.histogram between the 0.1 % and 99.9 % quantiles (60 bins, the mass)", () => {
    const h = featureHistogram("mjj", "GeV", sample(), 60, 0.001);
    // reference: numpy 1.24 histogram — the same sample, np.quantile(f, [0.001, 0.999]), bins=60
    expect(h.edges[0]).toBeCloseTo(0.009970000000000001, 12);
    expect(h.edges[60]).toBeCloseTo(10140.550449999999, 9);
    expect(h.edges[17]).toBeCloseTo(2873.163106, 9);
    expect(h.counts).toEqual([
      258, 105, 83, 69, 59, 55, 50, 48, 45, 42, 38, 38, 35, 36, 34, 34, 31, 30, 30, 30, 27, 28, 27, 26, 28,
      24, 25, 24, 26, 24, 22, 24, 21, 24, 21, 22, 20, 22, 20, 22, 19, 20, 20, 20, 20, 18, 20, 18, 20, 17, 18,
      18, 18, 18, 18, 16, 17, 18, 16, 18,
    ]);
    expect([h.underflow, h.overflow, h.missing]).toEqual([2, 2, 2]);
  });

  it("puts values on an edge in the upper bin and the maximum in the last, as numpy", () => {
    // np.histogram([0, 1, 2, 3, 4], bins=2, range=(0, 4)) → [2, 3]
    const h = featureHistogram("x", "", Float64Array.of(0, 1, 2, 3, 4), 2, 0);
    expect(h.edges).toEqual([0, 2, 4]);
    expect(h.counts).toEqual([2, 3]);
  });

  it("widens a constant feature to (v − 0.5, v + 0.5) and keeps an all-NaN one empty", () => {
    expect(featureHistogram("n", "", [3, 3, 3], 2, 0.005)).toMatchObject({
      edges: [2.5, 3, 3.5],
      counts: [0, 3],
    });
    expect(featureHistogram("n", "", [Number.NaN, Number.NaN], 40, 0.005)).toMatchObject({
      edges: [],
      counts: [],
      missing: 2,
    });
  });
});

describe("dataSummary", () => {
  it("gives the mass feature 60 bins, every other feature 40, each adding up to the event count", () => {
    const n = 500;
    const names = ["pt1", "mjj", "tau21_1"];
    const rows = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      rows[3 * i] = 1000 + ((i * 37) % 500);
      rows[3 * i + 1] = 3000 + ((i * 91) % 1000) ** 1.5 / 10;
      rows[3 * i + 2] = ((i * 13) % 100) / 100;
    }
    const s = dataSummary(rows, names, ["GeV", "GeV", ""], "mjj");
    expect(s.events).toBe(n);
    expect(s.mass?.name).toBe("mjj");
    expect(s.mass?.counts).toHaveLength(60);
    expect(s.features.map((f) => [f.name, f.unit, f.counts.length])).toEqual([
      ["pt1", "GeV", 40],
      ["tau21_1", "", 40],
    ]);
    for (const h of [s.mass!, ...s.features])
      expect(sum(h.counts) + h.underflow + h.overflow + h.missing).toBe(n);
    expect(dataSummary(rows, names, ["GeV", "GeV", ""], null).mass).toBeNull();
  });
});
