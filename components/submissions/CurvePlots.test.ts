import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CurveViews, niceTicks } from "./CurvePlots";

// A toy tagger: TPR = √FPR on a log grid of FPR (SIC = 1 everywhere), with an FPR = 0 point.
const fpr = [0, 1e-4, 1e-3, 1e-2, 1e-1, 1];
const tpr = fpr.map(Math.sqrt);
const sic = fpr.map((f, i) => (f > 0 ? tpr[i]! / Math.sqrt(f) : Number.NaN));
const html = renderToStaticMarkup(
  createElement(CurveViews, { curves: { roc: { fpr, tpr }, sic: { fpr, sic } } }),
);

// The axes themselves are drawn in the browser (recharts measures its container): the tour's
// screenshots (tests/e2e/tour.e2e.ts) show them.
describe("the truth curves", () => {
  it("open in the LHC Olympics view: rejection 1/ε_B and SIC against the signal efficiency", () => {
    expect(html).toContain("Background rejection vs signal efficiency");
    expect(html).toContain("Significance improvement vs signal efficiency");
    expect(html).toContain('data-testid="roc-plot"');
    expect(html).toContain('data-testid="sic-plot"');
    expect(html).toMatch(/<input type="radio" name="curve-view" checked=""[^>]*\/>against signal efficiency/);
    expect(html).not.toContain("ROC curve");
  });
});

describe("niceTicks", () => {
  it("steps by 1, 2, 2.5 or 5 × 10^k from 0 past the largest value", () => {
    expect(niceTicks(2.1)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(2.25)).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    expect(niceTicks(0.85)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(32)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
