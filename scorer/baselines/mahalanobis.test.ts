import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { npyBytes } from "@/core/formats/npy";
import { mahalanobisBaseline } from "./index";
import {
  BaselineInputError,
  mahalanobis,
  mahalanobisInputs,
  massDecorrelatedMahalanobis,
  nearestRows,
} from "./mahalanobis";
import { NAMES, sample } from "./test-sample";

/**
 * reference: numpy — the same inputs (mj1, mj2, tau21_1, tau21_2, tau32_1, tau32_2, ln pt1, ln pt2),
 * minus each input's least-squares quadratic in ln mjj − mean(ln mjj) (np.linalg.lstsq),
 * np.mean / np.cov(rowvar=False) (divisor N − 1), d² twice: through np.linalg.inv and through
 * np.linalg.cholesky + np.linalg.solve; trimmed estimates re-fitted on the h smallest d²
 * (np.argsort kind="stable": ties to the lower row, as nearestRows).
 */
function numpyDistances(features: Float64Array, n: number, trim: number, steps: number) {
  const script = `
import sys, io, json, numpy as np
a = np.load(io.BytesIO(sys.stdin.buffer.read()))
names = ${JSON.stringify(NAMES)}
c = lambda f: a[:, names.index(f)]
X = np.column_stack([c("mj1"), c("mj2"), c("tau21_1"), c("tau21_2"), c("tau32_1"), c("tau32_2"),
                     np.log(np.maximum(c("pt1"), 1.0)), np.log(np.maximum(c("pt2"), 1.0))])
u = np.log(c("mjj")); u = u - u.mean()
B = np.column_stack([np.ones_like(u), u, u * u])
X = X - B @ np.linalg.lstsq(B, X, rcond=None)[0]
def fit(rows):
    mu = rows.mean(axis=0)
    return mu, np.cov(rows, rowvar=False)
def d2_inv(mu, S):
    d = X - mu
    return np.einsum("ij,jk,ik->i", d, np.linalg.inv(S), d)
def d2_chol(mu, S):
    y = np.linalg.solve(np.linalg.cholesky(S), (X - mu).T)
    return (y * y).sum(axis=0)
mu, S = fit(X)
d2 = d2_inv(mu, S)
h = int(np.ceil((1 - ${trim}) * len(X)))
for _ in range(${steps}):
    mu, S = fit(X[np.sort(np.argsort(d2, kind="stable")[:h])])
    d2 = d2_inv(mu, S)
print(json.dumps({"inv": d2.tolist(), "chol": d2_chol(mu, S).tolist(), "mean": mu.tolist(), "cov": S.ravel().tolist()}))
`;
  const out = execFileSync("/usr/bin/python3", ["-c", script], {
    input: Buffer.from(npyBytes(features, [n, NAMES.length])),
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.toString()) as { inv: number[]; chol: number[]; mean: number[]; cov: number[] };
}

/** Largest |a − b| / max(1, |b|): relative for the large distances, absolute near zero. */
function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return worst;
}

describe("Mahalanobis baseline", () => {
  const n = 700;
  const features = sample(n, 20240601);

  it.each([
    { trim: 0, steps: 0, label: "classical" },
    { trim: 0.1, steps: 2, label: "two concentration steps, 10% trimmed" },
  ])("matches numpy (inv and cholesky) to 1e-9: $label", ({ trim, steps }) => {
    const ours = mahalanobisBaseline(features, NAMES, n, { trim, trimSteps: steps });
    const ref = numpyDistances(features, n, trim, steps);
    // Tolerance: both sides are float64 with ~1e-13 rounding on condition numbers ~1e2; 1e-9 leaves
    // room without hiding a formula difference (a divisor N vs N − 1 alone is 1.4e-3 here).
    expect(maxRelDiff(ours.scores, ref.inv)).toBeLessThan(1e-9);
    expect(maxRelDiff(ours.scores, ref.chol)).toBeLessThan(1e-9);
    expect(maxRelDiff(ours.mean, ref.mean)).toBeLessThan(1e-12);
    expect(maxRelDiff(ours.covariance, ref.cov)).toBeLessThan(1e-12);
    expect(ours.nFit).toBe(steps > 0 ? Math.ceil((1 - trim) * n) : n);
    expect(ours.inputs).toEqual([
      "mj1",
      "mj2",
      "tau21_1",
      "tau21_2",
      "tau32_1",
      "tau32_2",
      "ln pt1",
      "ln pt2",
    ]);
  });

  it("is deterministic and reads float32 files the same as their float64 values", () => {
    const a = mahalanobisBaseline(features, NAMES, n).scores;
    const b = mahalanobisBaseline(features, NAMES, n).scores;
    expect(Buffer.from(a.buffer)).toEqual(Buffer.from(b.buffer));
    const f32 = Float32Array.from(features);
    expect(mahalanobisBaseline(f32, NAMES, n).scores).toEqual(
      mahalanobisBaseline(Float64Array.from(f32), NAMES, n).scores,
    );
  });

  it("gives the documented example", () => {
    for (const d2 of mahalanobis(Float64Array.of(0, 0, 2, 0, 0, 2, 2, 2), 4, 2).scores)
      expect(d2).toBeCloseTo(1.5, 15);
    const { x } = mahalanobisInputs(Float32Array.of(100, 0.5, 200, 0.25), ["mj1", "tau21_1"], 2, [
      { feature: "mj1", log: true },
      { feature: "tau21_1", log: false },
    ]);
    expect(Array.from(x)).toEqual([Math.log(100), 0.5, Math.log(200), 0.25]);
  });

  it("keeps the h nearest rows, ties to the lower row index", () => {
    expect(Array.from(nearestRows(Float64Array.of(3, 1, 2, 1, 1), 2))).toEqual([0, 1, 0, 1, 0]);
    expect(Array.from(nearestRows(Float64Array.of(3, 1, 2, 1, 1), 4))).toEqual([0, 1, 1, 1, 1]);
  });

  it("refuses a box without the jet features, non-finite values and a constant input", () => {
    expect(() => mahalanobisBaseline(new Float64Array(6), ["mjj", "pt1"], 3)).toThrow(
      /no feature 'mj1'.*needs mj1, mj2, tau21_1.*has mjj, pt1/,
    );
    const bad = Float64Array.from(features);
    bad[5 * NAMES.length + 3] = Number.NaN;
    expect(() => mahalanobisBaseline(bad, NAMES, n)).toThrow(/feature 'tau21_1' is NaN in row 5/);
    const flat = Float64Array.from(features);
    for (let i = 0; i < n; i++) flat[i * NAMES.length + 5] = 0.7;
    expect(() => mahalanobisBaseline(flat, NAMES, n)).toThrow(BaselineInputError);
    expect(() => mahalanobisBaseline(flat, NAMES, n)).toThrow(/tau32_1 is constant/);
    expect(() => mahalanobisBaseline(features.subarray(0, 5 * NAMES.length), NAMES, 5)).toThrow(
      /5 events are too few for 8 inputs/,
    );
  });
});

describe("Mahalanobis baseline, decorrelated from mjj", () => {
  const n = 40_000;
  const features = sample(n, 7);
  const f = NAMES.length;
  const mjj = Float64Array.from({ length: n }, (_, i) => features[i * f]!);

  /** Per mjj quintile, the fraction of its events in the top 10 % of the scores. */
  function keptPerQuintile(scores: Float64Array): number[] {
    const cut = Float64Array.from(scores).sort()[Math.floor(0.9 * n)]!;
    const byMass = Array.from(mjj.keys()).sort((a, b) => mjj[a]! - mjj[b]!);
    return [0, 1, 2, 3, 4].map((q) => {
      const rows = byMass.slice((q * n) / 5, ((q + 1) * n) / 5);
      return rows.filter((i) => scores[i]! > cut).length / rows.length;
    });
  }

  it("keeps a similar fraction of every mjj range at a cut (the plain distance keeps mostly high mjj)", () => {
    const decorrelated = keptPerQuintile(mahalanobisBaseline(features, NAMES, n).scores);
    // The same inputs against the bulk of all events: pT grows with mjj, so the cut sculpts.
    const { x, inputs } = mahalanobisInputs(features, NAMES, n);
    const plain = keptPerQuintile(mahalanobis(x, n, inputs.length).scores);
    const spread = (a: number[]) => Math.max(...a) - Math.min(...a);
    expect(spread(plain)).toBeGreaterThan(0.1);
    expect(spread(decorrelated)).toBeLessThan(0.3 * spread(plain));
  });

  it("ignores any quadratic trend in ln mjj added to the inputs (it is fitted away)", () => {
    const m = 2000;
    const mass = Float64Array.from({ length: m }, (_, i) => features[i * f]!);
    const { x } = mahalanobisInputs(features.subarray(0, m * f), NAMES, m);
    const k = x.length / m;
    const shifted = Float64Array.from(x, (v, q) => {
      const u = Math.log(mass[Math.floor(q / k)]!);
      return v + (q % k) * (1.5 - 0.8 * u + 0.3 * u * u);
    });
    const a = massDecorrelatedMahalanobis(x, m, k, mass).scores;
    const b = massDecorrelatedMahalanobis(shifted, m, k, mass).scores;
    let worst = 0;
    for (let i = 0; i < m; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(1, a[i]!));
    expect(worst).toBeLessThan(1e-8);
    // …which the plain distance does not.
    expect(mahalanobis(shifted, m, k).scores[0]).not.toBeCloseTo(mahalanobis(x, m, k).scores[0]!, 2);
  });

  it("uses the plain distance for tables without mjj", () => {
    const names = NAMES.map((name) => (name === "mjj" ? "other" : name));
    const { x, inputs } = mahalanobisInputs(features.subarray(0, 700 * f), names, 700);
    expect(mahalanobisBaseline(features.subarray(0, 700 * f), names, 700).scores).toEqual(
      mahalanobis(x, 700, inputs.length).scores,
    );
  });
});
