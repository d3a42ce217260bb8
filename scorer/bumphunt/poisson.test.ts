import { describe, expect, it } from "vitest";
import { ToyStream } from "@/core/rng/philox";
import { PoissonSampler } from "./poisson";

describe("PoissonSampler", () => {
  // 200 000 draws: the sample mean has standard error √(λ/N), the sample variance ≈ λ√(2/N) (plus a
  // small excess-kurtosis term); 5σ bounds keep this deterministic check far from chance failure.
  it.each([0.3, 4.5, 9.99, 10, 37.2, 1234.5, 15308.9])("has mean and variance λ = %s", (lam) => {
    const n = 200_000;
    const s = new PoissonSampler(lam);
    const rng = new ToyStream(2024);
    rng.reset(Math.round(lam * 100));
    let m = 0;
    let m2 = 0;
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const k = s.sample(rng);
      if (!(Number.isInteger(k) && k >= 0)) bad++;
      m += k;
      m2 += k * k;
    }
    m /= n;
    const v = m2 / n - m * m;
    expect(bad).toBe(0);
    expect(Math.abs(m - lam)).toBeLessThan(5 * Math.sqrt(lam / n));
    expect(Math.abs(v - lam)).toBeLessThan(5 * lam * Math.sqrt((2 + 1 / lam) / n));
  });
});
