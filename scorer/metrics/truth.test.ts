import { describe, expect, it } from "vitest";
import { mulberry32 as rng } from "@/core/rng/mulberry32";
import { InputError } from "@/core/errors";
import { auc, aucFromRoc } from "./auc";
import { downsampleCurves } from "./curves";
import { invalidInput } from "./errors";
import { groupScores } from "./group";
import { rocCurve, rocFromSorted } from "./roc";
import { maxSic, sicAtFprPoints } from "./sic";
import { tprAtFpr, tprAtFprPoints } from "./thresholds";
import { binaryMetrics, truthMetrics } from "./truth";
import { validateScoresLabels } from "./validate";

function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected a throw");
}

describe("doc examples", () => {
  it("hold literally", () => {
    const r = rocFromSorted(new Float64Array([0.5, 0.9]), new Float64Array([0.1, 0.5]));
    expect([...r.fpr]).toEqual([0, 0, 0.5, 1]);
    expect([...r.tpr]).toEqual([0, 0.5, 1, 1]);
    expect(r.thresholds[0]).toBe(Number.POSITIVE_INFINITY);
    const small = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]);
    expect([...small.tpr]).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(auc(new Float64Array([0.1, 0.4, 0.35, 0.8]), new Int8Array([0, 0, 1, 1]))).toBe(0.75);
    expect(tprAtFpr(small, 0.5)).toEqual({ value: 1 });
    expect(tprAtFpr(small, 0.1).reason).toBe(
      "FPR = 0.1 needs at least 10 background events (x·N_bkg ≥ 1); there are 2",
    );
    expect(tprAtFprPoints(small)["1e-2"].value).toBeNull();
    expect(binaryMetrics(small).auc).toBe(0.75);
    expect(downsampleCurves(small).roc).toEqual({ fpr: [0.5, 0.5, 1], tpr: [0.5, 1, 1] });
    expect(maxSic(rocCurve([...Array(40).keys(), 100, 100], [...Array<number>(40).fill(0), 1, 1]))).toEqual({
      value: 1 / Math.sqrt(0.5),
      fpr: 0.5,
      tpr: 1,
    });
    // the doc's literal; one ulp below Math.SQRT2, so written as a string here
    expect(String(1 / Math.sqrt(0.5))).toBe("1.414213562373095");
    const tpr = { "1e-2": { value: 0.5 }, "1e-3": { value: 0.1 } };
    const none = { value: null, reason: "r" };
    expect(sicAtFprPoints({ ...tpr, "1e-4": none, "1e-5": none })["1e-2"]).toEqual({ value: 5 });
    expect(validateScoresLabels(new Float64Array([0.2, 0.9]), new Int8Array([0, 1]))).toEqual({
      nSignal: 1,
      nBackground: 1,
    });
    expect([...groupScores([0.3, 0.9, 0.1], [0, 2, 0]).background]).toEqual([0.1, 0.3]);
    const m = truthMetrics(new Float32Array([0.1, 0.4, 0.35, 0.8]), new Int8Array([0, 0, 1, 2]));
    expect([m.auc, m.nSignal, m.components.map((c) => c.auc)]).toEqual([0.75, 2, [0.5, 1]]);
    expect(invalidInput("scores", "score at row 3 is NaN", { row: 3 }).details).toEqual({
      fields: [{ field: "scores", message: "score at row 3 is NaN" }],
      row: 3,
    });
  });
});

describe("AUC", () => {
  it("counts a signal–background tie as one half", () => {
    // pairs (s, b): (0.9, 0.1) 1, (0.9, 0.5) 1, (0.5, 0.1) 1, (0.5, 0.5) ½ → 3.5 / 4
    expect(aucFromRoc(rocCurve([0.1, 0.5, 0.5, 0.9], [0, 0, 1, 1]))).toBe(0.875);
    expect(auc([0.5, 0.5, 0.5, 0.5], [0, 1, 2, 0])).toBe(0.5);
  });

  it("equals the Mann–Whitney pair count on random tied data", () => {
    const r = rng(3);
    const n = 400;
    const s = Array.from({ length: n }, () => Math.floor(r() * 30));
    const y = Array.from({ length: n }, () => (r() < 0.3 ? 1 : 0));
    let u = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (y[i] === 1 && y[j] === 0) {
          pairs++;
          u += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
    expect(Math.abs(auc(s, y) - u / pairs)).toBeLessThan(1e-15);
  });

  it("treats -0 and +0 as one score", () => {
    expect(auc([-0, 0, 1], [1, 0, 0])).toBe(0.25);
    expect(rocCurve([-0, 0], [1, 0]).fpr.length).toBe(2);
  });
});

describe("inputs", () => {
  it("are never mutated", () => {
    const scores = new Float64Array([0.3, 0.1, 0.9, 0.5, 0.5, 0.2]);
    const labels = new Int32Array([0, 1, 2, 0, 1, 0]);
    const s0 = scores.slice();
    const l0 = labels.slice();
    truthMetrics(scores, labels);
    rocCurve(scores, labels);
    expect(scores).toEqual(s0);
    expect(labels).toEqual(l0);
  });

  it("accepts Float32/Float64 scores and any integer labels", () => {
    const s = [0.1, 0.7, 0.4, 0.9];
    const y = [0, 1, 0, 3];
    const expected = truthMetrics(s, y).auc;
    for (const scores of [Float32Array.from(s), Float64Array.from(s)]) {
      for (const labels of [
        Int8Array.from(y),
        Uint8Array.from(y),
        Int16Array.from(y),
        Int32Array.from(y),
        y,
      ]) {
        expect(truthMetrics(scores, labels).auc).toBe(expected);
      }
    }
  });

  it("are rejected with errors that name the problem", () => {
    expect(thrown(() => truthMetrics([1, 2, 3], [0, 1])).message).toMatch(
      /scores has 3 entries but labels has 2/,
    );
    expect(thrown(() => truthMetrics([1], [0])).message).toMatch(/at least 2 events, got 1/);
    expect(thrown(() => truthMetrics([1, 2], [0, 0])).message).toMatch(/only one class.*no signal/);
    expect(thrown(() => truthMetrics([1, 2], [2, 1])).message).toMatch(/only one class.*no background/);
    const nan = thrown(() => truthMetrics([0.1, 0.2, Number.NaN], [0, 1, 0]));
    expect(nan.message).toBe("score at row 2 is NaN; scores must be finite numbers");
    expect(nan.details).toMatchObject({ fields: [{ field: "scores" }], row: 2 });
    expect(thrown(() => truthMetrics([Number.POSITIVE_INFINITY, 0.2], [0, 1])).message).toMatch(
      /row 0 is Infinity/,
    );
    expect(thrown(() => truthMetrics([0.1, 0.2], [0, -1])).message).toMatch(/label at row 1 is -1/);
    expect(thrown(() => truthMetrics([0.1, 0.2], [0, 1.5])).message).toMatch(/label at row 1 is 1.5/);
    expect(thrown(() => truthMetrics([1, 2], [0, 0])).details.fields).toEqual([
      { field: "labels", message: "only one class present: no signal (label > 0) events among 2" },
    ]);
  });
});

describe("TPR and SIC at FPR", () => {
  it("is null with a reason when x·N_bkg < 1, and defined at x·N_bkg = 1", () => {
    // 1000 background: FPR 1e-3 is defined (1 event), 1e-4 and 1e-5 are not
    const n = 1010;
    const scores = Array.from({ length: n }, (_, i) => i);
    const labels = scores.map((i) => (i >= 1000 ? 1 : 0));
    const m = truthMetrics(scores, labels);
    expect(m.tprAtFpr["1e-3"]).toEqual({ value: 1 });
    expect(m.tprAtFpr["1e-4"]).toEqual({
      value: null,
      reason: "FPR = 0.0001 needs at least 10000 background events (x·N_bkg ≥ 1); there are 1000",
    });
    expect(m.sicAtFpr["1e-4"]).toEqual(m.tprAtFpr["1e-4"]);
    expect(m.sicAtFpr["1e-3"].value).toBe(1 / Math.sqrt(1e-3));
  });

  it("takes the largest TPR with FPR ≤ x, without interpolation", () => {
    // 100 background scored 0…99; 10 signal: 5 above everything, 5 tied with background 98
    const scores = [...Array(100).keys(), 200, 200, 200, 200, 200, 98, 98, 98, 98, 98];
    const labels = [...Array<number>(100).fill(0), ...Array<number>(10).fill(1)];
    const roc = rocCurve(scores, labels);
    // FPR 0.01: points (0, 0.5), (0.01, 0.5) [bkg 99], (0.02, 1) [score 98 ties] → 0.5
    expect(tprAtFpr(roc, 0.01).value).toBe(0.5);
    expect(tprAtFpr(roc, 0.02).value).toBe(1);
    expect(tprAtFpr(roc, 0.015).value).toBe(0.5);
  });
});

describe("Max SIC", () => {
  it("ignores points with fewer than 20 background events passing", () => {
    // 1000 background scored 0…999, signal: 50 above all, 50 at the bottom (−1)
    const scores = [...Array(1000).keys(), ...Array<number>(50).fill(5000), ...Array<number>(50).fill(-1)];
    const labels = [...Array<number>(1000).fill(0), ...Array<number>(100).fill(1)];
    const roc = rocCurve(scores, labels);
    // with 1 background passing: 0.5/√0.001 = 15.8; the rule starts at 20 → 0.5/√0.02 = 3.5355…
    expect(maxSic(roc)).toEqual({ value: 0.5 / Math.sqrt(0.02), fpr: 0.02, tpr: 0.5 });
    expect(maxSic(roc, 1).value).toBe(0.5 / Math.sqrt(0.001));
  });

  it("is null with a reason when fewer than 20 background events exist", () => {
    expect(maxSic(rocCurve([1, 2, 3], [0, 1, 0]))).toEqual({
      value: null,
      reason: "max SIC needs at least 20 background events passing; there are 2",
    });
  });
});

describe("per component", () => {
  it("compares component k with background only", () => {
    // bkg 0.1 0.2 0.3; comp 1: 0.15 (beats 1 of 3); comp 2: 0.9 0.25 (beats 3 and 2 of 3)
    const m = truthMetrics([0.1, 0.2, 0.3, 0.15, 0.9, 0.25], [0, 0, 0, 1, 2, 2]);
    expect(m.components.map((c) => [c.component, c.nSignal, c.auc])).toEqual([
      [1, 1, 1 / 3],
      [2, 2, 5 / 6],
    ]);
    // overall: (1 + 3 + 2) / 9
    expect(m.auc).toBeCloseTo(6 / 9, 15);
    expect(m.nBackground).toBe(3);
  });
});

describe("curves", () => {
  it("down-sample to ≤ 500 real ROC points, log-spaced, ending at (1, 1)", () => {
    const r = rng(9);
    const n = 200_000;
    const scores = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = r() < 0.05 ? 1 : 0;
      scores[i] = r() + labels[i]! * 0.5;
    }
    const roc = rocCurve(scores, labels);
    const { roc: c, sic } = downsampleCurves(roc);
    expect(c.fpr.length).toBeLessThanOrEqual(500);
    expect(c.fpr.length).toBeGreaterThan(300);
    expect(c.fpr.at(-1)).toBe(1);
    expect(c.tpr.at(-1)).toBe(1);
    const points = new Set([...roc.fpr].map((f, k) => `${f},${roc.tpr[k]}`));
    c.fpr.forEach((f, k) => {
      expect(f).toBeGreaterThan(0);
      expect(points.has(`${f},${c.tpr[k]}`)).toBe(true);
      if (k > 0) expect(f).toBeGreaterThanOrEqual(c.fpr[k - 1]!);
    });
    expect(sic.sic[10]).toBe(c.tpr[10]! / Math.sqrt(c.fpr[10]!));
    // log spacing: about as many points below FPR 1e-2 as above it
    const below = c.fpr.filter((f) => f < 1e-2).length;
    expect(below).toBeGreaterThan(c.fpr.length / 4);
  });
});
