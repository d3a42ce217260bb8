import { describe, expect, it } from "vitest";
import { type Claim, validateClaim } from "./claim-validate";
import { type ClaimBox, type ClaimTruth, compareClaimScores, scoreClaim } from "./claims";

// Reference values: scorer/metrics/reference/claims_reference.py (Python 3.11 statistics.NormalDist.pdf,
// independent of this code). Tolerance 1e-12 absolute: sums of four logs of numbers ≤ 1e6 in float64.

/** A 13 TeV box of 10⁶ events with the default resolutions (mass 5 %, daughters 10 %, daughters ≤ √s). */
const box: ClaimBox = {
  sqrtS: 13_000,
  nEvents: 1_000_000,
  massResolution: 0.05,
  daughterMassResolution: 0.1,
  maxDaughterMass: 13_000,
};
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);
/** Flat defaults of left-out quantities: ln 10⁶ (nSignal), ln 13000 (a daughter mass). */
const FLAT_N = Math.log(1e6);
const FLAT_D = Math.log(13_000);

const twoResonances: ClaimTruth = {
  resonances: [
    { component: 1, mass: 3000, nSignal: 500, daughterMasses: [100, 100] },
    { component: 2, mass: 5000, nSignal: 1000, daughterMasses: [100, 500] },
  ],
};
const noSignal: ClaimTruth = { resonances: [] };
/** LHCO Black Box 1-like: W′ 3823 GeV, 834 events, X 732 GeV, Y 378 GeV. */
const bb1: ClaimTruth = {
  resonances: [{ component: 1, mass: 3823, nSignal: 834, daughterMasses: [732, 378] }],
};
const massOnly: Claim = { signalPresent: true, mass: 3823, massUncertainty: 150 };
const full: Claim = {
  ...massOnly,
  nSignal: 834,
  nSignalUncertainty: 100,
  daughterMasses: [
    { mass: 732, uncertainty: 20 },
    { mass: 378, uncertainty: 30 },
  ],
};
/** Every σ set to 1e-300 (ln 1e-300 = −690.8 per quantity under version 1). */
const sharp = (c: Claim, sigma: number): Claim => ({
  ...c,
  massUncertainty: sigma,
  nSignalUncertainty: sigma,
  daughterMasses: c.daughterMasses?.map((d) => ({ ...d, uncertainty: sigma })),
});

describe("validateClaim", () => {
  const range = { sqrtS: 13_000, nEvents: 1000 };
  it("names the bad field and the range", () => {
    const ok: Claim = { signalPresent: true, mass: 3500, massUncertainty: 100 };
    expect(validateClaim(ok, range)).toBe(ok);
    const cases: [Partial<Claim>, string][] = [
      [{ massUncertainty: 0 }, "massUncertainty must be a number > 0, got 0: give your 1σ uncertainty"],
      [{ massUncertainty: Number.POSITIVE_INFINITY }, "massUncertainty must be a number > 0, got Infinity"],
      [{ mass: -1 }, "mass must be between 0 and 13000 GeV (√s of this box), got -1"],
      [{ mass: 14_000 }, "mass must be between 0 and 13000 GeV (√s of this box), got 14000"],
      [{ mass: Number.NaN }, "mass must be between 0 and 13000 GeV (√s of this box), got NaN"],
      [{ mass: undefined }, "mass is required when signalPresent is true"],
      [{ width: 0 }, "width must be between 0 and 13000 GeV (√s of this box), got 0"],
      [{ pValue: 1.5 }, "pValue must be between 0 and 1, got 1.5"],
      [{ pValue: -0.1 }, "pValue must be between 0 and 1, got -0.1"],
      [{ pValue: Number.NaN }, "pValue must be between 0 and 1, got NaN"],
      [
        { nSignal: -3, nSignalUncertainty: 1 },
        "nSignal must be between 0 and 1000 (the events in this box), got -3",
      ],
      [
        { nSignal: 1001, nSignalUncertainty: 1 },
        "nSignal must be between 0 and 1000 (the events in this box), got 1001",
      ],
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
      [
        { daughterMasses: [{ mass: 13_000, uncertainty: 1 }] },
        "daughterMasses[0].mass must be between 0 and 13000 GeV (√s of this box), got 13000",
      ],
      [
        { daughterMasses: [740, 370] as unknown as Claim["daughterMasses"] },
        'daughterMasses[0] must be an object { "mass": GeV, "uncertainty": GeV }, got 740',
      ],
      [
        { daughterMasses: [{ mass: 740 }] as unknown as Claim["daughterMasses"] },
        'daughterMasses[0] must be an object { "mass": GeV, "uncertainty": GeV }, got {"mass":740}',
      ],
    ];
    for (const [change, message] of cases) {
      const call = () => validateClaim({ ...ok, ...change }, range);
      expect(call).toThrow(message);
      const field = message.split(" ")[0];
      expect(call).toThrow(
        expect.objectContaining({ details: { fields: [expect.objectContaining({ field })] } }),
      );
    }
    expect(validateClaim({ signalPresent: false, pValue: 0 }, range).signalPresent).toBe(false);
    expect(validateClaim({ ...ok, pValue: 1, nSignal: 1000, nSignalUncertainty: 5 }, range).pValue).toBe(1);
    // events unknown: only nSignal ≥ 0
    expect(() =>
      validateClaim({ ...ok, nSignal: -3, nSignalUncertainty: 1 }, { sqrtS: 13_000, nEvents: null }),
    ).toThrow("nSignal must be ≥ 0, got -3");
    expect(
      validateClaim({ ...ok, nSignal: 5e6, nSignalUncertainty: 1 }, { sqrtS: 13_000, nEvents: null }).nSignal,
    ).toBe(5e6);
  });

  it("bounds daughter masses by the box's largest daughter mass when it is below √s", () => {
    const c: Claim = {
      signalPresent: true,
      mass: 3500,
      massUncertainty: 100,
      daughterMasses: [{ mass: 3500, uncertainty: 1 }],
    };
    expect(() => validateClaim(c, { sqrtS: 13_000, nEvents: 1000, maxDaughterMass: 3000 })).toThrow(
      "daughterMasses[0].mass must be between 0 and 3000 GeV (the box's largest daughter mass), got 3500",
    );
  });

  it("accepts a σ of 1e-300: the resolution floor makes it harmless (see scoreClaim)", () => {
    expect(validateClaim(sharp(full, 1e-300), { sqrtS: 13_000, nEvents: 1e6 }).massUncertainty).toBe(1e-300);
  });
});

describe("scoreClaim", () => {
  it("doc example: resolution floor in quadrature, ½ ln 2π, nSignal left out at ln N_events", () => {
    // σ_eff = √(100² + (0.05·3500)²) = √40625 = 201.556…; z = 100/σ_eff = 0.49614
    // mass term = ln σ_eff + ½ ln 2π + ½z² = 5.30609 + 0.91894 + 0.12308 = 6.348084916097615
    // nSignal not claimed: ln 10⁶ = 13.815510557964274; the truth has no daughters: no daughter term
    // version 1 gave ln 100 + ½ = 5.105170185988092
    const s = scoreClaim(
      { signalPresent: true, mass: 3500, massUncertainty: 100 },
      { resonances: [{ component: 1, mass: 3600, nSignal: 800 }] },
      box,
    );
    expect(s.detectionCorrect).toBe(true);
    expect(s.matchedComponent).toBe(1);
    expect(s.pulls).toEqual({ mass: 1, nSignal: null, daughterMasses: null });
    expect(s.terms?.mass).toBeCloseTo(6.348084916097615, 12);
    expect(s.terms?.nSignal).toBeCloseTo(13.815510557964274, 12);
    expect(s.terms?.daughterMasses).toEqual([]);
    expect(s.logScore).toBeCloseTo(20.16359547406189, 12);
  });

  it("matches the nearest resonance, its nSignal and the best daughter assignment", () => {
    // 4200 is 800 from 5000 and 1200 from 3000 → component 2; mass pull |4200 − 5000| / 200 = 4
    // nSignal |900 − 1000| / 100 = 1; daughters 480→500 (|20|/20 = 1), 95→100 (|5|/5 = 1).
    // Terms (reference script): mass σ_eff = √(200² + 210²): 10.393813510881982;
    // nSignal σ_eff = √(100² + 30²): 6.025913163643565; true daughter 100 ← 95 (σ_eff √(5² + 9.5²)):
    // 3.400950243991208; true daughter 500 ← 480 (σ_eff √(20² + 48²)): 4.944146748827521.
    // The swap would cost 746.47 instead of 8.35.
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
      box,
    );
    expect(s.matchedComponent).toBe(2);
    expect(s.pulls).toEqual({ mass: 4, nSignal: 1, daughterMasses: [1, 1] });
    const want = [10.393813510881982, 6.025913163643565, 3.400950243991208, 4.944146748827521];
    const got = [s.terms!.mass, s.terms!.nSignal, ...s.terms!.daughterMasses];
    for (const [i, t] of got.entries()) expect(t).toBeCloseTo(want[i]!, 12);
    expect(s.logScore).toBeCloseTo(24.764823667344277, 12);
  });

  it("leaves extra claimed daughters unmatched and without a term", () => {
    // truth daughters [100, 500]; claimed 510 ± 10 → 500 (pull 1), 90 ± 10 → 100 (pull 1), 300 ± 10 unmatched
    // terms: mass 5000 ± 100 exact (σ_eff √(100² + 250²)) 6.514609453626056; nSignal left out ln 10⁶;
    // daughter 100 ← 90: 3.7944301427602376; daughter 500 ← 510: 4.888138872448259
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
      box,
    );
    expect(s.pulls.daughterMasses).toEqual([1, null, 1]);
    expect(s.terms?.daughterMasses.map((t) => Number(t.toFixed(12)))).toEqual([
      3.79443014276, 4.888138872448,
    ]);
    expect(s.logScore).toBeCloseTo(29.012689026798828, 12);
  });

  it("scores a left-out quantity at its flat default ln(range width)", () => {
    // mass-only claim on bb1: nSignal → ln 10⁶, each true daughter → ln 13000 (maxDaughterMass = √s)
    const s = scoreClaim(massOnly, bb1, box);
    expect(s.terms?.nSignal).toBe(FLAT_N);
    expect(s.terms?.daughterMasses).toEqual([FLAT_D, FLAT_D]);
    // one daughter stated: it takes the better-matching true daughter (378), the other stays flat
    const one = scoreClaim({ ...massOnly, daughterMasses: [{ mass: 380, uncertainty: 30 }] }, bb1, box);
    expect(one.terms?.daughterMasses[0]).toBe(FLAT_D);
    expect(one.terms?.daughterMasses[1]).toBeLessThan(FLAT_D);
    // the box's own ranges: 5000 events, daughters below 3000 GeV
    const small = scoreClaim(massOnly, bb1, { ...box, nEvents: 5000, maxDaughterMass: 3000 });
    expect(small.terms?.nSignal).toBe(Math.log(5000));
    expect(small.terms?.daughterMasses).toEqual([Math.log(3000), Math.log(3000)]);
  });

  it("adding a correct nSignal and daughter masses improves a mass-only claim (version 1: 5.01 → 16.01)", () => {
    // version 1: ln 150 = 5.0106352940962555 → ln(150·100·20·30) = 16.012735135300492 (worse)
    // version 2, terms (reference script):
    //   mass only: 6.4119095561698325 + ln 10⁶ + 2 ln 13000 = 39.17282938702145
    //   full:      6.4119095561698325 + 5.564160841313595 + 5.248132108926058 + 4.795501317460674
    //            = 22.01970382387016
    const a = scoreClaim(massOnly, bb1, box).logScore!;
    const b = scoreClaim(full, bb1, box).logScore!;
    expect(a).toBeCloseTo(39.17282938702145, 12);
    expect(b).toBeCloseTo(22.01970382387016, 12);
    expect(b).toBeLessThan(a);
    // and each addition on its own helps
    const withN = scoreClaim({ ...massOnly, nSignal: 834, nSignalUncertainty: 100 }, bb1, box).logScore!;
    expect(withN).toBeLessThan(a);
    expect(b).toBeLessThan(withN);
  });

  it("a claim with every σ = 1e-300 scores the resolution floor, not −2763", () => {
    // version 1: 4 ln 1e-300 = −2763.1021115928547, 2771 nats ahead of the same claim with σ = 1.
    // version 2: σ_eff = the floors 191.15, √834, 73.2, 37.8 GeV:
    //   Σ (ln floor + ½ ln 2π) = 20.217433817733294 — the best any claim of these values can score.
    const tiny = scoreClaim(sharp(full, 1e-300), bb1, box).logScore!;
    const floors = [0.05 * 3823, Math.sqrt(834), 73.2, 37.8];
    expect(tiny).toBeCloseTo(20.217433817733294, 12);
    expect(tiny).toBeCloseTo(
      floors.reduce((s, f) => s + Math.log(f) + HALF_LN_2PI, 0),
      12,
    );
    // below the resolution, shrinking σ buys nothing: the same claim with σ = 1 scores 20.21848978038633
    const one = scoreClaim(sharp(full, 1), bb1, box).logScore!;
    expect(one).toBeCloseTo(20.21848978038633, 12);
    expect(one - tiny).toBeLessThan(0.0011);
    // the honest full claim (σ 150, 100, 20, 30 at the true values) is 1.8 nats behind, not 2779
    expect(scoreClaim(full, bb1, box).logScore! - tiny).toBeCloseTo(
      22.01970382387016 - 20.217433817733294,
      12,
    );
    // a 1e-300 claim three mass resolutions off (4400 GeV) ranks below an honest 4400 ± 600:
    // 23.797352077496953 vs 23.394335599604005
    const offSharp = scoreClaim(sharp({ ...full, mass: 4400 }, 1e-300), bb1, box);
    const offHonest = scoreClaim({ ...full, mass: 4400, massUncertainty: 600 }, bb1, box);
    expect(offSharp.logScore).toBeCloseTo(23.797352077496953, 12);
    expect(offHonest.logScore).toBeCloseTo(23.394335599604005, 12);
    expect(compareClaimScores(offHonest, offSharp)).toBeLessThan(0);
  });

  it("stating a quantity correctly always beats leaving it out, over the whole range", () => {
    // at z = 0 a stated quantity costs ln σ_eff + ½ ln 2π, the flat default ln W: stating wins while
    // σ_eff < W/√(2π) ≈ 0.399 W. The floors alone (σ → 0) give at most 0.3·W (largest allowed
    // resolution) for daughters and √N_events for nSignal (N_events ≥ 7).
    const worst = { ...box, daughterMassResolution: 0.3, nEvents: 7 };
    for (const m of [1, 50, 378, 732, 3000, 12_999]) {
      const c = { ...massOnly, daughterMasses: [{ mass: m, uncertainty: 1e-300 }] };
      const s = scoreClaim(
        c,
        { resonances: [{ component: 1, mass: 3823, nSignal: 3, daughterMasses: [m] }] },
        worst,
      );
      expect(s.terms!.daughterMasses[0]).toBeLessThan(Math.log(worst.maxDaughterMass));
    }
    for (const n of [0, 1, 3, 7]) {
      const c = { ...massOnly, nSignal: n, nSignalUncertainty: 1e-300 };
      const s = scoreClaim(c, { resonances: [{ component: 1, mass: 3823, nSignal: n }] }, worst);
      expect(s.terms!.nSignal).toBeLessThan(Math.log(7));
    }
  });

  it("judges detection, including the no-signal box", () => {
    const claimed: Claim = { signalPresent: true, mass: 3500, massUncertainty: 100 };
    expect(scoreClaim(claimed, noSignal, box)).toEqual({
      detectionCorrect: false,
      matchedComponent: null,
      pulls: { mass: null, nSignal: null, daughterMasses: null },
      terms: null,
      logScore: null,
    });
    expect(scoreClaim({ signalPresent: false }, noSignal, box).detectionCorrect).toBe(true);
    expect(scoreClaim({ signalPresent: false }, twoResonances, box).detectionCorrect).toBe(false);
  });

  it("validates against the box before scoring", () => {
    expect(() => scoreClaim({ signalPresent: true, mass: 1 }, twoResonances, box)).toThrow(
      /massUncertainty is required/,
    );
    expect(() =>
      scoreClaim(
        { signalPresent: true, mass: 3500, massUncertainty: 1, nSignal: 2e6, nSignalUncertainty: 1 },
        twoResonances,
        box,
      ),
    ).toThrow(/nSignal must be between 0 and 1000000/);
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
      validateClaim({ signalPresent: true, mass: 3500, massUncertainty: 50, daughterMasses }, box),
    ).toThrow(
      expect.objectContaining({
        name: "InputError",
        details: expect.objectContaining({ fields: [expect.objectContaining({ field: "daughterMasses" })] }),
      }),
    );
  });
});
