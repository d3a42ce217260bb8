import { describe, expect, it } from "vitest";
import { rowValues } from "@/lib/submissions/leaderboard";
import { allRejected, extrapolatedFound } from "@/tests/support/discovery";
import { columnsFor, VALUE_COLUMNS } from "./leaderboard-columns";

const show = (key: string, v: Record<string, number | boolean | null>) =>
  VALUE_COLUMNS.find((c) => c.key === key)!.show(v);

describe("leaderboard discovery column (SCORING §2 v2)", () => {
  it("shows 'model rejected' for a result without a summary, and no bump mass", () => {
    const v = rowValues({ discovery: allRejected });
    expect(show("discoveryZ", v)).toBe("model rejected");
    expect(show("claimedMass", v)).toBe("—");
  });
  it("shows the Z with '(extrapolated)' when flagged, plain otherwise — never '≥'", () => {
    const v = rowValues({ discovery: extrapolatedFound });
    expect(show("discoveryZ", v)).toBe("4.11 (extrapolated)");
    expect(show("discoveryZ", { ...v, discoveryExtrapolated: false })).toBe("4.11");
    expect(show("claimedMass", v)).toBe("3,300 GeV");
    // an old snapshot's lowerLimit flag is ignored
    expect(show("discoveryZ", { ...v, discoveryExtrapolated: false, lowerLimit: true })).toBe("4.11");
  });
  it("the flags are not columns of their own", () => {
    const cols = columnsFor("discoveryZ", [{ values: rowValues({ discovery: allRejected }) }]);
    expect(cols.map((c) => c.key)).toEqual(["discoveryZ", "claimedMass"]);
  });
});
