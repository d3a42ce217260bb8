import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { readScoreFile } from "@/core/formats";
import { fixture, lhcoTinyLabels } from "@/tests/support/lhco";
import { tprAtFpr, truthMetrics, rocCurve } from ".";

// reference: sklearn 1.2.1 roc_auc_score and TPR at FPR (largest TPR with FPR ≤ x) on the scores
// written by numpy/h5py/pandas for the 1000 events of the LHCO tiny file (fixtures/clients/README).
const reference = JSON.parse(fs.readFileSync(fixture("clients", "reference_metrics.json"), "utf8")) as {
  n_events: number;
  n_signal: number;
  roc_auc_score: number;
  tpr_at_fpr: Record<string, number>;
};

const FILES = [
  "scores_f64.npy",
  "scores_f32.npy",
  "scores_f32_2d.npy",
  "scores_fortran_2d.npy",
  "scores_bigendian.npy",
  "scores_h5py.h5",
  "scores_pandas.csv",
  "scores_shuffled_ids.csv",
  "scores_pandas_fixed.h5",
  "scores_pandas_table.h5",
  "scores_savetxt.txt",
];

describe("the 11 client score files, read and scored like the server does", () => {
  let labels: Int32Array;
  const ids = Array.from({ length: 1000 }, (_, i) => i);
  beforeAll(async () => {
    labels = await lhcoTinyLabels();
  });

  it("reads the LHCO labels: 907 background, 93 signal", () => {
    expect(labels.length).toBe(reference.n_events);
    expect(labels.reduce((a, b) => a + b, 0)).toBe(reference.n_signal);
  });

  it.each(FILES)("%s matches sklearn's AUC to 1e-12 and its TPR at FPR exactly", async (name) => {
    const file = await readScoreFile(new Uint8Array(fs.readFileSync(fixture("clients", name))), name, {
      eventIds: ids,
    });
    const m = truthMetrics(file.scores, labels);
    expect(m.nSignal).toBe(reference.n_signal);
    expect(Math.abs(m.auc - reference.roc_auc_score)).toBeLessThanOrEqual(1e-12);
    const roc = rocCurve(file.scores, labels);
    for (const [key, tpr] of Object.entries(reference.tpr_at_fpr)) {
      const x = Number(key);
      // The raw definition (largest TPR among ROC points with FPR ≤ x) agrees with sklearn everywhere…
      let raw = 0;
      for (let i = 0; i < roc.fpr.length; i++) if (roc.fpr[i]! <= x) raw = Math.max(raw, roc.tpr[i]!);
      expect(raw, `${name} raw TPR at FPR ${key}`).toBe(tpr);
      // …and what we report follows SCORING §1: null with a reason when x·N_bkg < 1 (0.001 · 907 here).
      const reported = tprAtFpr(roc, x);
      if (x * roc.nNegative < 1) expect(reported).toMatchObject({ value: null, reason: expect.any(String) });
      else expect(reported.value, `${name} TPR at FPR ${key}`).toBe(tpr);
    }
  });
});
