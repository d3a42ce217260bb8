import { describe, expect, it } from "vitest";
import { type Claim, validateClaim } from "./claim-validate";
import { type ClaimTruth, compareClaimScores, scoreClaim } from "./claims";

const twoResonances: ClaimTruth = {
  resonances: [
    { component: 1, mass: 3000, nSignal: 500, daughterMasses: [100, 100] },
    { component: 2, mass: 5000, nSignal: 1000, daughterMasses: [100, 500] },
  ],
};
const noSignal: ClaimTruth = { resonances: [] };

describe("validateClaim", () => {
  it("names the bad field", () => {
    const ok: Claim = { signalPresent: true, mass: 3500, massUncertainty: 100 };
    expect(validateClaim(ok)).toBe(ok);
    const cases: [Partial<Claim>, string][] = [
      [{ massUncertainty: 0 }, "massUncertainty must be a number > 0, got 0"],
      [{ mass: -1 }, "mass must be a number > 0, got -1"],
      [{ mass: Number.NaN }, "mass must be a number > 0, got NaN"],
      [{ mass: undefined }, "mass is required when signalPresent is true"],
      [{ width: 0 }, "width must be a number > 0, got 0"],
      [{ pValue: 1.5 }, "pValue must be between 0 and 1, got 1.5"],
      [{ pValue: -0.1 }, "pValue must be between 0 and 1, got -0.1"],
      [{ nSignal: -3, nSignalUncertainty: 1 }, "nSignal must be ≥ 0, got -3"],
      [{ nSignal: 3 }, "nSignalUncertainty must be given with nSignal"],
      [{ nSignal: 3, nSignalUncertainty: -1 }, "nSignalUncertainty must be a number > 0, got -1"],
      [
        {
          daughterMasses: [
            { mass: 1, uncertainty: 1 },
            { mass: 1, uncertainty: 0 },
          ],
        },
        "daughterMasses[1].uncertainty must be a number > 0, got 0",
      ],
    ];
    for (const [change, message] of cases) {
      expect(() => validateClaim({ ...ok, ...change })).toThrow(message);
    }
    expect(validateClaim({ signalPresent: false, pValue: 0 }).signalPresent).toBe(false);
    expect(validateClaim({ ...ok, pValue: 1, nSignal: 0, nSignalUncertainty: 5 }).pValue).toBe(1);
  });
});

describe("scoreClaim", () => {
  it("doc example: pull 1, log score ln 100 + ½", () => {
    const s = scoreClaim(
      { signalPresent: true, mass: 3500, massUncertainty: 100 },
      { resonances: [{ component: 1, mass: 3600, nSignal: 800 }] },
    );
    expect(s).toEqual({
      detectionCorrect: true,
      matchedComponent: 1,
      pulls: { mass: 1, nSignal: null, daughterMasses: null },
      logScore: 5.105170185988092,
    });
  });

  it("matches the nearest resonance, its nSignal and the best daughter assignment", () => {
    // 4200 is 800 from 5000 and 1200 from 3000 → component 2; mass pull |4200 − 5000| / 200 = 4
    // nSignal |900 − 1000| / 100 = 1; daughters 480→500 (|20|/20 = 1), 95→100 (|5|/5 = 1);
    // the swap would give pulls 19 and 81.
    // log score = (ln 200 + ½·16) + (ln 100 + ½) + (ln 20 + ½) + (ln 5 + ½) = ln(2e6) + 9.5 = 24.008657738524217
    const s = scoreClaim(
      {
        signalPresent: true,
        mass: 4200,
        massUncertainty: 200,
        nSignal: 900,
        nSignalUncertainty: 100,
        daughterMasses: [
          { mass: 480, uncertainty: 20 },
          { mass: 95, uncertainty: 5 },
        ],
      },
      twoResonances,
    );
    expect(s.matchedComponent).toBe(2);
    expect(s.pulls).toEqual({ mass: 4, nSignal: 1, daughterMasses: [1, 1] });
    expect(s.logScore).toBeCloseTo(Math.log(2e6) + 9.5, 12);
  });

  it("leaves extra claimed daughters unmatched", () => {
    // truth daughters [100, 500]; claimed 510 ± 10 → 500 (pull 1), 90 ± 10 → 100 (pull 1), 300 ± 10 unmatched
    const s = scoreClaim(
      {
        signalPresent: true,
        mass: 5000,
        massUncertainty: 100,
        daughterMasses: [
          { mass: 510, uncertainty: 10 },
          { mass: 300, uncertainty: 10 },
          { mass: 90, uncertainty: 10 },
        ],
      },
      twoResonances,
    );
    expect(s.pulls.daughterMasses).toEqual([1, null, 1]);
    // ln 100 + 0 + 2·(ln 10 + ½)
    expect(s.logScore).toBeCloseTo(Math.log(100) + 2 * (Math.log(10) + 0.5), 12);
  });

  it("judges detection, including the no-signal box", () => {
    const claimed: Claim = { signalPresent: true, mass: 3500, massUncertainty: 100 };
    expect(scoreClaim(claimed, noSignal)).toEqual({
      detectionCorrect: false,
      matchedComponent: null,
      pulls: { mass: null, nSignal: null, daughterMasses: null },
      logScore: null,
    });
    expect(scoreClaim({ signalPresent: false }, noSignal).detectionCorrect).toBe(true);
    expect(scoreClaim({ signalPresent: false }, twoResonances).detectionCorrect).toBe(false);
  });

  it("validates before scoring", () => {
    expect(() => scoreClaim({ signalPresent: true, mass: 1 }, twoResonances)).toThrow(
      /massUncertainty is required/,
    );
  });
});

describe("compareClaimScores", () => {
  it("puts correct detections first, then lower log score", () => {
    const scores = [
      { id: "wrong", detectionCorrect: false, logScore: null },
      { id: "good-but-wrong", detectionCorrect: false, logScore: 1 },
      { id: "b", detectionCorrect: true, logScore: 7 },
      { id: "a", detectionCorrect: true, logScore: 5 },
      { id: "c", detectionCorrect: true, logScore: null },
    ];
    expect(scores.sort(compareClaimScores).map((s) => s.id)).toEqual([
      "a",
      "b",
      "c",
      "good-but-wrong",
      "wrong",
    ]);
    expect(
      compareClaimScores({ detectionCorrect: true, logScore: 2 }, { detectionCorrect: true, logScore: 2 }),
    ).toBe(0);
  });

  it("doc example", () => {
    const list = [
      { detectionCorrect: false, logScore: null },
      { detectionCorrect: true, logScore: 7 },
      { detectionCorrect: true, logScore: 5 },
    ];
    expect(list.sort(compareClaimScores).map((s) => s.logScore)).toEqual([5, 7, null]);
  });
});

describe("claims with too many daughters", () => {
  it("is a validation error naming daughterMasses, not a server error", async () => {
    const { validateClaim } = await import("./claim-validate");
    const daughterMasses = Array.from({ length: 9 }, () => ({ mass: 100, uncertainty: 10 }));
    expect(() =>
      validateClaim({ signalPresent: true, mass: 3500, massUncertainty: 50, daughterMasses }),
    ).toThrow(
      expect.objectContaining({
        code: "validation",
        details: expect.objectContaining({ fields: [expect.objectContaining({ field: "daughterMasses" })] }),
      }),
    );
  });
});
