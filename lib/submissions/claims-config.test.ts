import { describe, expect, it } from "vitest";
import { submissionSettings } from "./config";

describe("submissionSettings().claims (SCORING §3 v2 box config)", () => {
  it("defaults: 5 % mass and 10 % daughter-mass resolution, daughters up to √s", () => {
    expect(submissionSettings({ scoringConfig: null, quotas: null }).claims).toEqual({
      sqrtS: 13_000,
      massResolution: 0.05,
      daughterMassResolution: 0.1,
      maxDaughterMass: 13_000,
    });
    expect(
      submissionSettings({ scoringConfig: { sqrtS: 14_000 }, quotas: null }).claims.maxDaughterMass,
    ).toBe(14_000);
  });

  it("reads the box's claims keys and refuses a resolution that would beat the flat default", () => {
    const c = { claims: { massResolution: 0.02, daughterMassResolution: 0.15, maxDaughterMass: 3000 } };
    expect(submissionSettings({ scoringConfig: c, quotas: null }).claims).toMatchObject(c.claims);
    // > 0.3 could put σ_floor above range/√(2π): stating a quantity correctly could then lose to leaving it out
    expect(() =>
      submissionSettings({ scoringConfig: { claims: { massResolution: 0.5 } }, quotas: null }),
    ).toThrow(/claims/);
  });
});
