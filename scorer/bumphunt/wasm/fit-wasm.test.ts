import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain-JavaScript build script, no types
import { buildWasm, MODULES, moduleSource } from "../../../scripts/build-wasm.mjs";
import { binQuadrature, logBinIntegrals, thetaOf } from "../dijet";
import { FitKernel, TABLE_WIDTH } from "../fit-kernel";

// The rebuild needs Debian's clang and lld: without them it is skipped on a developer's machine,
// saying why, and fails under CI=true (.ci/run installs both). The kernel tests need neither.
const toolsMissing = ["clang", "wasm-ld"].filter((t) => spawnSync(t, ["--version"]).status !== 0);
const skip = toolsMissing.length > 0 && process.env.CI !== "true";
if (skip)
  console.warn(
    `fit-wasm rebuild test skipped: ${toolsMissing.join(" and ")} missing (apt-get install clang lld)`,
  );

describe.skipIf(skip)("the committed fit module", () => {
  it("is the build of scorer/bumphunt/wasm/fit.c (run scripts/build-wasm.mjs after editing it)", () => {
    const committed = fs.readFileSync(path.resolve(MODULES.fit.moduleTs), "utf8");
    expect(committed).toBe(moduleSource("fit", buildWasm("fit")));
  });
});

// 40 bins of 100 GeV on 3–7 TeV (the built-in boxes), in the standard coordinates: g = (ln(1 − x),
// −ln x, −ln²x, …), so θ is thetaOf(params) and dijet.ts's own log-sum-exp is an independent reference.
const edges = Array.from({ length: 41 }, (_, i) => 3000 + 100 * i);
const quad = binQuadrature(edges);
const nodes = quad.logX.length;
const table = new Float64Array(nodes * TABLE_WIDTH);
for (let j = 0; j < nodes; j++) {
  table[j * TABLE_WIDTH] = quad.log1mX[j]!;
  for (let k = 1, pw = -quad.logX[j]!; k < TABLE_WIDTH; k++, pw *= quad.logX[j]!)
    table[j * TABLE_WIDTH + k] = pw;
}
const params = { p0: 3e-3, p1: 9.5, p2: 5.1, p3: 0.2, p4: 0.05 };

describe("FitKernel", () => {
  const kernel = new FitKernel(quad.nBins, quad.binStart, quad.logWeight, table);
  const theta = thetaOf(params, 5);
  const logMu = logBinIntegrals(quad, theta);
  const mu = Array.from(logMu, Math.exp);
  const counts = mu.map((m, i) => Math.round(m * (1 + 0.05 * Math.sin(i))));
  const fitted = new Uint8Array(quad.nBins).fill(1);
  fitted[17] = 0; // an excluded bin: no part in Σ μ = Σ n, −ln L or the gradient
  const total = counts.reduce((a, n, i) => a + (fitted[i] ? n : 0), 0);
  kernel.load(counts, fitted, 5, total);

  it("gives dijet.ts's bin integrals, with ln p0 profiled to Σ μ = Σ n over the fitted bins", () => {
    const p = kernel.evaluate(theta, kernel.points[0]);
    const shift = p.theta[0]! - theta[0]!;
    let sum = 0;
    for (let i = 0; i < quad.nBins; i++) {
      // the same nodes and log-sum-exp, written twice: equal to rounding
      expect(Math.abs(p.logMu[i]! - shift - logMu[i]!)).toBeLessThan(1e-12);
      if (fitted[i]) sum += Math.exp(p.logMu[i]!);
    }
    expect(sum / total - 1).toBeCloseTo(0, 13);
    let nll = 0;
    for (let i = 0; i < quad.nBins; i++)
      if (fitted[i]) nll += Math.exp(p.logMu[i]!) - counts[i]! * p.logMu[i]!;
    expect(p.nll / nll - 1).toBeCloseTo(0, 12);
  });

  it("has the gradient and observed Hessian of its −ln L (finite differences) and a symmetric Fisher information", () => {
    const at = Float64Array.from(kernel.evaluate(theta, kernel.points[0]).theta.subarray(0, 5));
    const nll0 = kernel.points[0].nll;
    kernel.derivatives(kernel.points[0]);
    const grad = kernel.grad.slice(0, 5);
    const hessian = kernel.hessian.slice(0, 25);
    const fisher = kernel.fisher.slice(0, 25);
    expect(grad[0]).toBeCloseTo(0, 6); // Σ (μ − n) over the fitted bins: 0 once ln p0 is profiled
    const nllAt = (k: number, h: number) => {
      const t = Float64Array.from(at);
      t[k]! += h;
      return kernel.evaluate(t, kernel.points[1]).nll;
    };
    // −ln L with ln p0 profiled: its slope along θ_k is ∂_k (∂_0 = 0 there), its curvature the Schur
    // complement H_kk − H_0k²/H_00.
    for (let k = 1; k < 5; k++) {
      const h = 1e-6;
      const slope = (nllAt(k, h) - nllAt(k, -h)) / (2 * h);
      expect(Math.abs(slope - grad[k]!)).toBeLessThan(1e-4 * (1 + Math.abs(grad[k]!)));
      const H = 1e-3 / Math.sqrt(hessian[k * 5 + k]!);
      const curvature = (nllAt(k, H) - 2 * nll0 + nllAt(k, -H)) / (H * H);
      const schur = hessian[k * 5 + k]! - hessian[k]! ** 2 / hessian[0]!;
      expect(Math.abs(curvature / schur - 1)).toBeLessThan(1e-3);
    }
    for (let k = 0; k < 5; k++)
      for (let l = 0; l < 5; l++) {
        expect(fisher[k * 5 + l]).toBe(fisher[l * 5 + k]);
        expect(hessian[k * 5 + l]).toBe(hessian[l * 5 + k]);
      }
    // The observed Hessian differs from the Fisher information by Σ (μ − n) Cov_i(g): a little.
    expect(hessian).not.toEqual(fisher);
    expect(Math.abs(hessian[6]! / fisher[6]! - 1)).toBeLessThan(1e-2);
  });
});
