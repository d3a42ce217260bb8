import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { allRejected, extrapolatedFound } from "@/tests/support/discovery";
import { DiscoverySection } from "./DiscoverySection";
import { primaryNumbers } from "./format";

const html = (d: typeof allRejected) => renderToStaticMarkup(createElement(DiscoverySection, { d }));
const text = (h: string) =>
  h
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ");
/** The table row of one cut. */
const row = (h: string, eps: number) =>
  h.match(new RegExp(`<tr data-status="\\w+"><th scope="row">${eps}</th>.*?</tr>`))?.[0] ?? "";

describe("DiscoverySection (SCORING §2 v2)", () => {
  it("a null summary says the model was rejected in every cut, with the reason, and shows no Z or bump", () => {
    const h = html(allRejected);
    expect(text(h)).toContain(
      "Background model rejected in every cut: no discovery significance (see each cut's reason)",
    );
    for (const eps of [1, 0.1]) {
      const r = text(row(h, eps));
      expect(r).toContain("background model rejected");
      expect(r).toContain("pull 5.2 in [3000, 3100] GeV outside the search window exceeds ±4");
      // order, gof p and max |pull| of the rejected fit are shown; no bump edges, no Z
      expect(r).toMatch(/ 4 0\.420 5\.20 /);
      expect(r).not.toMatch(/\[3200, 3400\]|4\.11|4\.26/);
    }
    expect(h).not.toContain("Global Z <strong>");
  });

  it("shows per cut the order, gof p, max pull, excluded window, bump, local Z and the extrapolated mark", () => {
    const h = html(extrapolatedFound);
    expect(text(h)).toMatch(
      /Global Z 4\.11 extrapolated \(p = 2\.00e-5, look-elsewhere-corrected over the one cut/,
    );
    expect(text(h)).toContain("claimed mass) 3,300 GeV");
    const r = text(row(h, 0.1));
    expect(r).toContain("0.1 600 4 0.420 1.30 [3200, 3400] GeV [3200, 3400] GeV 180 / 162.0 4.26");
    expect(r).toMatch(/2\.00e-5 extrapolated 4\.11 extrapolated/);
    expect(text(row(h, 1))).toContain("background model rejected");
    expect(h).toContain('data-testid="discovery-method"');
    expect(text(h)).toContain("each choosing its own function order; p among the toys that passed the gate");
  });

  it("lists read 'model rejected' or the Z with its extrapolated mark, never a lower limit", () => {
    const sub = (d: typeof allRejected) => ({
      kind: "scores",
      status: "scored",
      claim: null,
      evaluation: { metrics: { discovery: d } },
    });
    expect(primaryNumbers(sub(allRejected))).toBe("discovery: model rejected");
    expect(primaryNumbers(sub(extrapolatedFound))).toBe(
      "Z = 4.11 (extrapolated) at ε = 0.1 · bump 3,300 GeV",
    );
  });
});
