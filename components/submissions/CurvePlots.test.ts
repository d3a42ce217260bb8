import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CurveViews } from "./CurvePlots";

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
