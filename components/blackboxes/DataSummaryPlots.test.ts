import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { dataSummary } from "@/lib/blackboxes/data-summary";
import { DataSummaryPlots } from "./DataSummaryPlots";

// 300 events: mjj with one far outlier, τ21 with a NaN.
const n = 300;
const rows = new Float32Array(n * 2);
for (let i = 0; i < n; i++) {
  rows[2 * i] = 2000 + ((i * 37) % 300) * 10;
  rows[2 * i + 1] = ((i * 13) % 100) / 100;
}
rows[0] = 90_000;
rows[3] = Number.NaN;
const html = renderToStaticMarkup(
  createElement(DataSummaryPlots, { summary: dataSummary(rows, ["mjj", "tau21_1"], ["GeV", ""], "mjj") }),
);

// The axes are drawn in the browser (recharts measures its container); the captions are here.
describe("the box's data plots", () => {
  it("draw the mass spectrum and a histogram per other feature, each with its name, unit and what lies outside", () => {
    expect(html).toContain('data-testid="box-spectrum"');
    expect(html).toMatch(/<code>mjj<\/code> spectrum, all events \(GeV\)/);
    expect(html).toContain("log scale");
    expect(html).toContain("1 above the range drawn");
    expect(html.match(/data-testid="feature-histogram"/g)).toHaveLength(1);
    expect(html).toContain("<code>tau21_1</code>");
    expect(html).toMatch(/<code>tau21_1<\/code> <span class="muted">1 not finite<\/span>/);
  });
});
