import { describe, expect, it } from "vitest";
import { sortFloat64 } from "./sort";

describe("sortFloat64", () => {
  it("doc example (native path for small arrays)", () => {
    expect([...sortFloat64(new Float64Array([2, -1, 0.5]))]).toEqual([-1, 0.5, 2]);
  });

  it("orders exactly like Float64Array#sort on the radix path, signs, zeros and subnormals included", () => {
    let a = 12345;
    const n = 50_000;
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      a = (a * 16807) % 2147483647;
      const u = a / 2147483647;
      data[i] = i % 5 === 0 ? Math.round((u - 0.5) * 100) / 100 : (u - 0.4) * 10 ** ((i % 41) - 20);
    }
    data.set([-0, 0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1e-310], 100);
    const expected = data.slice().sort();
    const got = sortFloat64(data.slice());
    expect(got.every((v, i) => Object.is(v, expected[i]))).toBe(true);
  });

  it("handles all-equal keys (every pass skipped)", () => {
    const data = new Float64Array(10_000).fill(0.25);
    expect(sortFloat64(data).every((v) => v === 0.25)).toBe(true);
  });
});
