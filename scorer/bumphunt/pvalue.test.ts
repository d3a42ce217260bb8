import { describe, expect, it } from "vitest";
import { significanceFromLogP, windowLogP } from "./pvalue";

describe("windowLogP", () => {
  it("matches scipy where stdlib's gammainc 0.3.1 does not", () => {
    // reference: scipy 1.17.1 gammainc(1283, 1233.065891597525) = 0.0802728004589608 (mpmath agrees)
    expect(
      Math.abs(Math.exp(windowLogP(1283, 1233.065891597525, "excess")) / 0.0802728004589608 - 1),
    ).toBeLessThan(1e-12);
    // reference: scipy 1.17.1 gammainc(10, 3) = 0.0011024881301154815
    expect(Math.abs(Math.exp(windowLogP(10, 3, "excess")) / 0.0011024881301154815 - 1)).toBeLessThan(1e-12);
  });

  it("keeps ln p accurate to a few ulps away from the centre (Loader's bd0 series up to |v| = ½)", () => {
    // reference: mpmath 1.3.0 (50 digits), -log(gammainc(23224, 0, 18974.749542098743, regularized=True))
    // = 448.03619675551642368, a window of sideband_reference.json; a ln(a/x) + x − a put 2e-12
    // into ln p here (scipy's gammainc: 5e-13)
    const t = -windowLogP(23224, 18974.749542098743, "excess");
    expect(Math.abs(t - 448.0361967555164)).toBeLessThan(3e-13);
  });

  it("is 1 outside the tested side, as pyBumpHunter", () => {
    expect(windowLogP(5, 5, "excess")).toBe(0);
    expect(windowLogP(3, 0, "excess")).toBe(0);
    expect(windowLogP(5, 5, "deficit")).toBe(0);
    expect(windowLogP(6, 5, "deficit")).toBe(0);
  });

  it("stays finite in log space far below the smallest double", () => {
    // reference: mpmath 1.3.0, -log(gammainc(2000, 0, 100, regularized=True)) = 4096.132712927581
    expect(Math.abs(-windowLogP(2000, 100, "excess") / 4096.132712927581 - 1)).toBeLessThan(1e-12);
    // reference: mpmath 1.3.0, -log(gammainc(11, 100000, inf, regularized=True)) = 99899.97505791938
    expect(Math.abs(-windowLogP(10, 100000, "deficit") / 99899.97505791938 - 1)).toBeLessThan(1e-12);
  });
});

describe("significanceFromLogP", () => {
  it("is the inverse survival function of the standard normal", () => {
    // reference: scipy.stats.norm.isf(1.0894729967288737e-24) = 10.190830559429008 (case_sig600.json)
    expect(significanceFromLogP(Math.log(1.0894729967288737e-24))).toBeCloseTo(10.190830559429008, 11);
    // reference: mpmath 1.3.0 findroot of log(erfc(z/√2)/2) = log(1e-12): 7.034483825301132
    expect(significanceFromLogP(Math.log(1e-12))).toBeCloseTo(7.034483825301132, 11);
    // reference: mpmath 1.3.0 findroot of log(erfc(z/√2)/2) = −5000: 99.9447481748411
    expect(significanceFromLogP(-5000)).toBeCloseTo(99.9447481748411, 10);
    expect(significanceFromLogP(Math.log(0.5))).toBeCloseTo(0, 15);
    expect(significanceFromLogP(0)).toBe(Number.NEGATIVE_INFINITY);
  });
});
