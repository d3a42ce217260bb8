import { describe, expect, it } from "vitest";
import { leaderboardPage } from "./leaderboard-pages";

const teams = Array.from({ length: 120 }, (_, i) => ({ id: `t${i}`, baseline: null as string | null }));
const rows = [...teams, { id: "b1", baseline: "bump-hunt" }, { id: "b2", baseline: "cwola" }];

describe("leaderboardPage", () => {
  it("cuts the team rows into pages and puts the baselines on each", () => {
    const p2 = leaderboardPage(rows, "2", 50);
    expect(p2).toMatchObject({ page: 2, pages: 3, first: 51, last: 100, teams: 120 });
    expect(p2.rows.map((r) => r.id)).toEqual([...teams.slice(50, 100).map((t) => t.id), "b1", "b2"]);
    const p3 = leaderboardPage(rows, "3", 50);
    expect(p3).toMatchObject({ first: 101, last: 120 });
    expect(p3.rows).toHaveLength(22);
  });
  it("reads a missing or malformed page as 1 and one past the end as the last", () => {
    for (const raw of [undefined, "", "0", "-1", "1.5", "abc", "2x"])
      expect(leaderboardPage(rows, raw, 50).page).toBe(1);
    expect(leaderboardPage(rows, "99", 50).page).toBe(3);
  });
  it("a board with no team rows is one page of baselines", () => {
    const p = leaderboardPage(rows.slice(120), "1", 50);
    expect(p).toMatchObject({ page: 1, pages: 1, first: 0, last: 0, teams: 0 });
    expect(p.rows.map((r) => r.id)).toEqual(["b1", "b2"]);
  });
});
