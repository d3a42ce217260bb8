import fs from "node:fs";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { LeaderboardRow } from "@/lib/submissions/leaderboard";
import { LeaderboardTable } from "./LeaderboardTable";

const row: LeaderboardRow = {
  rank: 1,
  team: { id: "t1", name: "Team-with-a-very-long-unbroken-name" },
  baseline: null,
  submissionId: "s1",
  method: "CWoLa hunting with boosted decision trees and k-folding",
  submittedAt: "2026-03-01T12:34:56.000Z",
  submissions: 12,
  values: { discoveryZ: 5.43, discoveryExtrapolated: true, discoveryRejected: false, auc: 0.878 },
};
const ranking = { key: "discoveryZ", label: "Discovery Z (global)", higherIsBetter: true, secondary: null };
const html = renderToStaticMarkup(createElement(LeaderboardTable, { ranking, rows: [row] }));

/** The declarations of one rule of app/globals.css, by its exact selector. */
function rule(selector: string): string {
  const css = fs.readFileSync("app/globals.css", "utf8");
  const at = css.indexOf(`\n${selector} {`);
  expect(at, selector).toBeGreaterThanOrEqual(0);
  return css.slice(at, css.indexOf("}", at));
}

// Measured in Chromium at 1400 px (11 columns, these long names): the table needs 967 px of the
// page's 1066, and the page never scrolls sideways (before: 1173 px, cut off inside its wrapper).
describe("LeaderboardTable fits the page", () => {
  it("scrolls inside its own wrapper, never the page", () => {
    expect(html).toMatch(/^<div class="table-wrap"><table class="leaderboard">/);
    expect(rule(".table-wrap")).toContain("overflow-x: auto");
  });
  it("lets team names, methods and the primary value wrap, within bounds", () => {
    expect(html).toContain('<th scope="row" class="team">');
    expect(html).toContain('<td class="method">CWoLa hunting');
    expect(html).toContain('<td class="primary num">5.43 (extrapolated)</td>');
    expect(rule("table.leaderboard .team")).toMatch(/max-width: 13rem;\s+overflow-wrap: anywhere/);
    expect(rule("table.leaderboard .method")).toMatch(/max-width: 15rem;\s+overflow-wrap: anywhere/);
    expect(rule("table.leaderboard td.primary")).toContain("white-space: normal");
  });
  it("shows the submission time on two lines: date, then time UTC", () => {
    expect(html).toContain(
      '<td class="when"><time dateTime="2026-03-01T12:34:56.000Z">2026-03-01 <br/>12:34 UTC</time></td>',
    );
  });
});
