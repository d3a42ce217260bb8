import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { groupScores } from "./group";
import { type Roc, rocCurve, rocFromSorted } from "./roc";
import { tprAtFpr } from "./thresholds";
import { truthMetrics } from "./truth";

// reference: scorer/metrics/reference/sklearn_reference.json, made by make_reference.py next to it
// (sklearn 1.2.1 roc_curve(drop_intermediate=False) and roc_auc_score, numpy 1.24.2; versions in the file).
type BinaryRef = {
  nPositive: number;
  nNegative: number;
  auc: number;
  nPoints: number;
  fpr?: number[];
  tpr?: number[];
  thresholds?: number[];
  fps?: number[];
  tps?: number[];
  tprAtFpr: Record<string, number | null>;
  sicMax: number | null;
};
type DatasetRef = {
  name: string;
  n: number;
  scores?: number[];
  labels?: number[];
  overall: BinaryRef;
  components: Record<string, BinaryRef>;
};
const reference = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "reference/sklearn_reference.json"), "utf8"),
) as { provenance: Record<string, string>; datasets: DatasetRef[] };

/** Same formula as formula_dataset() in make_reference.py; every step is exact or one IEEE rounding. */
function formulaDataset(n: number): { scores: Float64Array; labels: Int32Array } {
  const scores = new Float64Array(n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const u = ((i * 2654435761 + 12345) % 4294967296) / 4294967296;
    const y = i % 61 === 0 ? 1 : i % 97 === 5 ? 2 : 0;
    const v = y === 1 ? 1 - u * u * u : y === 2 ? 1 - u * u : u;
    labels[i] = y;
    scores[i] = Math.floor(v * 1000) / 1000;
  }
  return { scores, labels };
}

function data(d: DatasetRef): { scores: Float64Array | Float32Array; labels: Int32Array } {
  if (d.name === "formula_120k") return formulaDataset(d.n);
  const labels = Int32Array.from(d.labels!);
  // the float32 set holds float32-rounded values, so Float32Array carries them exactly
  const scores = d.name === "float32" ? Float32Array.from(d.scores!) : Float64Array.from(d.scores!);
  return { scores, labels };
}

function expectSameRoc(roc: Roc, ref: BinaryRef): void {
  expect(roc.nPositive).toBe(ref.nPositive);
  expect(roc.nNegative).toBe(ref.nNegative);
  expect(roc.fpr.length).toBe(ref.nPoints);
  // exact: sklearn's fpr/tpr are fps/fps[-1], tps/tps[-1], one IEEE division like ours
  const fpr = ref.fpr ?? ref.fps!.map((c) => c / ref.nNegative);
  const tpr = ref.tpr ?? ref.tps!.map((c) => c / ref.nPositive);
  expect([...roc.fpr]).toEqual(fpr);
  expect([...roc.tpr]).toEqual(tpr);
  if (ref.thresholds) expect([...roc.thresholds.subarray(1)]).toEqual(ref.thresholds);
}

describe("against sklearn 1.2.1", () => {
  it("records its provenance", () => {
    expect(reference.provenance.sklearn).toMatch(/^1\./);
    expect(reference.datasets.map((d) => d.name)).toEqual([
      "small_ties",
      "all_equal",
      "heavy_ties",
      "multi_comp",
      "float32",
      "formula_120k",
    ]);
  });

  for (const d of reference.datasets) {
    describe(d.name, () => {
      const { scores, labels } = data(d);
      const metrics = truthMetrics(scores, labels);
      const g = groupScores(scores, labels);

      it("overall ROC points equal roc_curve(drop_intermediate=False) exactly", () => {
        expectSameRoc(rocCurve(scores, labels), d.overall);
      });

      it("overall AUC equals roc_auc_score to 1e-12", () => {
        // tolerance 1e-12 (SCORING §1): sklearn sums the trapezoids in floats, we sum exact counts
        expect(Math.abs(metrics.auc - d.overall.auc)).toBeLessThan(1e-12);
      });

      it("TPR at FPR and Max SIC equal the numpy reference exactly", () => {
        const roc = rocCurve(scores, labels);
        for (const [key, value] of Object.entries(d.overall.tprAtFpr)) {
          expect(tprAtFpr(roc, Number(key)).value).toBe(value);
          if (key !== "1e-1") expect(metrics.tprAtFpr[key as "1e-2"].value).toBe(value);
        }
        expect(metrics.sicMax.value).toBe(d.overall.sicMax);
      });

      it("per component: ROC, AUC, TPR at FPR, Max SIC", () => {
        expect(metrics.components.map((c) => String(c.component))).toEqual(Object.keys(d.components));
        for (const c of metrics.components) {
          const ref = d.components[String(c.component)]!;
          expectSameRoc(rocFromSorted(g.components.get(c.component)!, g.background), ref);
          expect(c.nSignal).toBe(ref.nPositive);
          expect(Math.abs(c.auc - ref.auc)).toBeLessThan(1e-12);
          for (const key of ["1e-2", "1e-3", "1e-4", "1e-5"] as const) {
            expect(c.tprAtFpr[key].value).toBe(ref.tprAtFpr[key]);
          }
          expect(c.sicMax.value).toBe(ref.sicMax);
        }
      });
    });
  }
});
