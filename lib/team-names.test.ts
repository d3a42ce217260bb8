import { describe, expect, it } from "vitest";
import { normalizeTeamName, teamNameKey } from "./team-names";

describe("team names", () => {
  it("normalizes compatibility forms and white space", () => {
    expect(normalizeTeamName(" \uff22ump \u00a0 Hunters ")).toBe("Bump Hunters");
    expect(normalizeTeamName("ﬁnders")).toBe("finders");
  });

  it("gives look-alikes one key (TR39 skeleton, case-insensitive) and different names different keys", () => {
    const key = teamNameKey("Bump Hunters");
    for (const n of [
      "bump  hunters",
      "Bump \u041dunters",
      "bump \u043dunters",
      "\u0412UMP HUNTERS",
      "Burnp Hunters",
    ])
      expect(teamNameKey(n), n).toBe(key);
    for (const n of ["Bump Hunter", "Bumps Hunters", "Dijet Hunters", "Bump Huntérs"])
      expect(teamNameKey(n), n).not.toBe(key);
  });
});
