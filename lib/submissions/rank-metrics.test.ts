import { describe, expect, it } from "vitest";
import { allRejected, extrapolatedFound } from "@/tests/support/discovery";
import { topKMetrics, truthMetrics } from "@/scorer/metrics";
import { rowValues } from "./leaderboard";
import { rankMetrics } from "./rank-metrics";
import { evaluationView } from "./views";

// Scores that separate a labelled signal from background imperfectly (a ROC with curves, SIC, TPRs).
const n = 4000;
const labels = Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0));
const scores = Float64Array.from(labels, (l, i) => l * 0.8 + ((i * 7919) % 1000) / 1000);
const truth = truthMetrics(scores, labels);
const topK = topKMetrics({
  ids: Array.from({ length: 50 }, (_, i) => i * 3),
  k: 50,
  boxIds: Array.from({ length: n }, (_, i) => i),
  boxLabels: labels,
});
// A claim score as scoreClaim returns it, plus a key the leaderboard does not read.
const claim = {
  detectionCorrect: true,
  matchedComponent: 1,
  logScore: 3.25,
  pulls: { mass: -1.4, nSignal: 0.3, daughterMasses: null },
  terms: { mass: 1.5, nSignal: 1.75, daughterMasses: [] },
  intervals: { mass: [3100, 3400] },
};

const CASES: Record<string, Record<string, unknown>> = {
  "discovery found, truth with curves": { discovery: extrapolatedFound, truth },
  "model rejected": { discovery: allRejected },
  "no summary key at all": { discovery: { method: "bump-hunt", cuts: [] } },
  "no signal in the box": { discovery: extrapolatedFound, truth: { notApplicable: "no signal" } },
  "no mass feature": { discoveryNotApplicable: "no mass", truth },
  claim: { claim },
  "claim with missing pulls": { claim: { detectionCorrect: false, logScore: null } },
  "top-K": { topK },
  nothing: {},
};
const sealed = { status: "open", mode: "blind" } as const;
const open = { status: "revealed", mode: "blind" } as const;
const view = (m: Record<string, unknown>, box: typeof sealed | typeof open) =>
  rowValues(
    evaluationView(
      { metrics: m, withTruth: true, scorerVersion: "", device: "cpu", timings: null, createdAt: new Date() },
      box,
    )?.metrics ?? {},
  );

describe("rankMetrics: the leaderboard's slice of an evaluation", () => {
  it.each(Object.entries(CASES))("%s: the same row values as the full metrics", (_, m) => {
    // A round trip through JSON, as the jsonb column stores it.
    const stored = JSON.parse(JSON.stringify(rankMetrics(m)));
    expect(rowValues(stored)).toEqual(rowValues(m));
    expect(view(stored, open)).toEqual(view(m, open));
    expect(view(stored, sealed)).toEqual(view(m, sealed));
  });
  it("sealed, it shows only discovery values, however much truth the slice holds", () => {
    const stored = rankMetrics({ discovery: extrapolatedFound, truth, claim, topK });
    expect(Object.keys(view(stored, sealed)).sort()).toEqual([
      "claimedMass",
      "discoveryExtrapolated",
      "discoveryRejected",
      "discoveryZ",
    ]);
    expect(view(stored, open)).toMatchObject({ auc: truth.auc, logScore: 3.25, precision: topK.precision });
  });
  it("keeps no curve: a few hundred bytes where the metrics hold kilobytes", () => {
    const m = { discovery: extrapolatedFound, truth };
    expect(JSON.stringify(m).length).toBeGreaterThan(5000);
    expect(JSON.stringify(rankMetrics(m)).length).toBeLessThan(400);
    expect(JSON.stringify(rankMetrics(m))).not.toContain("curves");
  });
});
