import { describe, expect, it } from "vitest";
import { allRejected, extrapolatedFound } from "@/tests/support/discovery";
import { compareRows, type LeaderboardRow, rankingFor, rowValues } from "./leaderboard";

const row = (id: string, metrics: Record<string, unknown>, submittedAt: string): LeaderboardRow => ({
  rank: null,
  team: { id, name: id },
  baseline: null,
  submissionId: id,
  method: "",
  submittedAt,
  submissions: 1,
  values: rowValues(metrics),
});

describe("leaderboard discovery values (SCORING §2 v2)", () => {
  it("a result without a summary is 'rejected': no Z, no bump mass", () => {
    expect(rowValues({ discovery: allRejected })).toEqual({
      discoveryZ: null,
      discoveryExtrapolated: false,
      discoveryRejected: true,
      claimedMass: null,
    });
  });
  it("a summary gives its Z, its extrapolated flag and its claimed mass; no lower limit", () => {
    const v = rowValues({ discovery: extrapolatedFound });
    expect(v).toEqual({
      discoveryZ: 4.11,
      discoveryExtrapolated: true,
      discoveryRejected: false,
      claimedMass: 3300,
    });
    expect(v).not.toHaveProperty("lowerLimit");
  });
  it("no discovery metric (no resonance mass): no discovery keys at all", () => {
    expect(rowValues({ discoveryNotApplicable: "no mass" })).toEqual({});
  });
  it("ranks a rejected model below every Z, even an earlier submission and a negative Z", () => {
    const low = {
      ...extrapolatedFound,
      summary: { ...extrapolatedFound.summary!, globalSignificance: -0.5, extrapolated: false },
    };
    const rows = [
      row("rejected", { discovery: allRejected }, "2026-01-01T00:00:00Z"),
      row("low", { discovery: low }, "2026-01-03T00:00:00Z"),
      row("high", { discovery: extrapolatedFound }, "2026-01-02T00:00:00Z"),
    ];
    const order = compareRows(rankingFor("scores", false));
    expect(rows.sort(order).map((r) => r.submissionId)).toEqual(["high", "low", "rejected"]);
  });
  it("breaks a tie in the truth metric by the discovery Z, a negative Z below a positive one", () => {
    const withZ = (z: number) => ({
      truth: { auc: 0.8, sicMax: { value: 2 } },
      discovery: { ...extrapolatedFound, summary: { ...extrapolatedFound.summary!, globalSignificance: z } },
    });
    const rows = [
      row("minus2", withZ(-2), "2026-01-01T00:00:00Z"),
      row("plus1", withZ(1), "2026-01-02T00:00:00Z"),
    ];
    const order = compareRows(rankingFor("scores", true));
    expect(rows.sort(order).map((r) => r.submissionId)).toEqual(["plus1", "minus2"]);
  });
});
