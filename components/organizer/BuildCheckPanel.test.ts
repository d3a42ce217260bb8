import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { buildCheckOf } from "@/lib/submissions/build-check";
import { allRejected, okCut } from "@/tests/support/discovery";
import { BuildCheckPanel } from "./BuildCheckPanel";

const render = (check: Parameters<typeof BuildCheckPanel>[0]["check"]) =>
  renderToStaticMarkup(createElement(BuildCheckPanel, { check }))
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");

describe("BuildCheckPanel (the box build check, SCORING §2)", () => {
  it("a rejected model: the reason, order, gof p and max pull, open, with the mjj plot", () => {
    const check = buildCheckOf({ ...allRejected, cuts: [allRejected.cuts[0]!] });
    const html = renderToStaticMarkup(createElement(BuildCheckPanel, { check }));
    expect(html).toMatch(/<details[^>]*open/);
    expect(html).toContain('data-testid="mjj-plot"');
    const t = render(check);
    expect(t).toContain("background model rejected");
    expect(t).toContain("pull 5.2 in [3000, 3100] GeV outside the search window exceeds ±4");
    expect(t).toContain("Function order 4 parameters");
    expect(t).toContain("gof p (from 1,000 refitted toys) 0.420");
    expect(t).toContain("Max |pull| outside the excluded window 5.20");
    expect(t).toContain("Plain bump hunt —");
  });
  it("an accepted model: closed, with the plain bump hunt's window and Z", () => {
    const check = buildCheckOf({ ...allRejected, cuts: [okCut(1, false)], summary: null });
    const html = renderToStaticMarkup(createElement(BuildCheckPanel, { check }));
    expect(html).not.toMatch(/<details[^>]*open/);
    const t = render(check);
    expect(t).toContain("background model ok");
    expect(t).toContain("bump [3200, 3400] GeV, global Z 4.11");
  });
  it("no check: says why there may be none", () => {
    expect(render(null)).toMatch(/No build check/);
  });
});
