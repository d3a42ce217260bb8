import { describe, expect, it } from "vitest";
import { settingsIssues, submissionSettings } from "@/lib/submissions/config";
import { claimSchema } from "@/scorer/metrics/claim-validate";
import { boxSpecSchema, parseBoxSpec, parseStored, quotasSchema, scoringConfigSchema } from "./json";
import { leaderboardSnapshotSchema, metricsSchema } from "./json-metrics";

const SEED = "ab".repeat(32);
const generator = {
  events: 1000,
  background: { n: 990, variant: "pythia" },
  signals: [{ model: "resonance-dijet", n: 10, mass: 3500, mode: "dijet" }],
};

describe("box specs (black_boxes.spec)", () => {
  it("parses a generated and an imported spec, filling the generator's defaults", () => {
    const legacy = parseBoxSpec({ generator: { background: { n: 100 } }, seed: 7 });
    expect(legacy).toEqual({
      generator: { background: { n: 100, variant: "pythia" }, signals: [] },
      seed: 7,
    });
    const imported = {
      import: { format: "lhco", sources: [{ role: "events", name: "e.h5", blob: "c".repeat(64) }] },
      seed: SEED,
      salt: "s",
    };
    expect(parseBoxSpec(imported)).toEqual(imported);
    expect(boxSpecSchema.safeParse({ generator, seed: SEED }).success).toBe(true);
  });
  it("refuses a stored spec that does not parse, naming the column and the field", () => {
    const bad = { generator: { ...generator, signals: [{ ...generator.signals[0], mass: 99 }] }, seed: SEED };
    expect(() => parseBoxSpec(bad)).toThrow(/^black_boxes\.spec: generator\.signals\[0\]\.mass: Too small/);
    expect(() => parseBoxSpec({ generator, seed: "not a seed" })).toThrow(/^black_boxes\.spec: seed: /);
    expect(() => parseBoxSpec({ import: { format: "csv", sources: [] }, seed: 1 })).toThrow(
      /^black_boxes\.spec: import\.format: .*; import\.sources: /,
    );
  });
});

describe("scoring config and quotas (black_boxes.scoring_config, black_boxes.quotas)", () => {
  it("are stored as given: the schema's defaults are applied when read", () => {
    const stored = { npe: 50, topK: 10, somethingElse: true };
    expect(scoringConfigSchema.safeParse(stored).success).toBe(true);
    expect(parseStored(quotasSchema, {}, "black_boxes.quotas")).toEqual({
      submissionsPerDay: 5,
      submissionsTotal: 50,
    });
    expect(submissionSettings({ scoringConfig: stored, quotas: null })).toMatchObject({ topK: 10 });
  });
  it("name every field the scorer could not read, under its column", () => {
    // As a row could hold them (jsonb holds any JSON): read back untyped.
    const stored = JSON.parse(
      '{ "scoringConfig": { "topK": "many", "claims": { "massResolution": 0.5 } }, "quotas": { "submissionsPerDay": -1 } }',
    );
    expect(settingsIssues(stored).map((i) => i.field)).toEqual([
      "scoringConfig.topK",
      "scoringConfig.claims.massResolution",
      "quotas.submissionsPerDay",
    ]);
    expect(settingsIssues({ scoringConfig: { bins: { min: 3000, max: 2000, n: 10 } } })).toContainEqual({
      field: "scoringConfig.bins.max",
      message: "must exceed bins.min (3000)",
    });
    expect(settingsIssues({ scoringConfig: null, quotas: null })).toEqual([]);
  });
  it("parseStored names the column and each field of a value that does not parse", () => {
    expect(() => parseStored(quotasSchema, { submissionsTotal: "x" }, "black_boxes.quotas")).toThrow(
      /^black_boxes\.quotas: submissionsTotal: Invalid input: expected number/,
    );
  });
});

describe("claims, metrics and snapshots", () => {
  it("one claim schema: unknown fields refused, the first bad field named", () => {
    const r = claimSchema.safeParse({ signalPresent: "yes", massError: 3 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["signalPresent", "must be true or false"],
      ["", 'Unrecognized key: "massError"'],
    ]);
  });
  it("types the metrics as the scorer writes them, and refuses a shape that is not one", () => {
    expect(
      metricsSchema.safeParse({ discoveryNotApplicable: "no mass", truth: { notApplicable: "x" } }).success,
    ).toBe(true);
    expect(() => parseStored(metricsSchema, { topK: { k: 3 } }, "evaluations.metrics")).toThrow(
      /^evaluations\.metrics: topK\.signalFound: /,
    );
  });
  it("a frozen leaderboard is its ranking and rows", () => {
    const row = {
      rank: 1,
      team: { id: "6f1c1d9e-8b0a-4c8e-9a3b-2d3f4e5a6b7c", name: "A" },
      baseline: null,
      submissionId: "7f1c1d9e-8b0a-4c8e-9a3b-2d3f4e5a6b7c",
      method: "m",
      submittedAt: new Date(0).toISOString(),
      submissions: 2,
      values: { discoveryZ: 3.1, discoveryRejected: false, auc: null },
    };
    const ranking = {
      key: "discoveryZ",
      label: "Discovery Z (global)",
      higherIsBetter: true,
      secondary: null,
    };
    expect(leaderboardSnapshotSchema.parse({ ranking, rows: [row] })).toEqual({ ranking, rows: [row] });
    expect(() =>
      parseStored(leaderboardSnapshotSchema, { ranking, rows: [{ ...row, rank: "1" }] }, "x"),
    ).toThrow(/^x: rows\[0\]\.rank: /);
  });
});
