import { describe, expect, it } from "vitest";
import { topKMetrics } from "./topk";

const box = { boxIds: [10, 11, 12, 13, 14, 15], boxLabels: new Int8Array([0, 1, 0, 2, 1, 0]) };

describe("topKMetrics", () => {
  it("doc example", () => {
    expect(topKMetrics({ ids: [7, 3], k: 2, boxIds: [1, 3, 5, 7], boxLabels: [0, 1, 0, 1] }).precision).toBe(
      1,
    );
  });

  it("computes precision@K and recall@K overall and per component", () => {
    // ids 11 (comp 1), 12 (bkg), 13 (comp 2): 2 signal of K = 3 → precision 2/3;
    // 3 signal injected (11, 13, 14) → recall 2/3; comp 1: 1 of 2, comp 2: 1 of 1
    const m = topKMetrics({ ...box, ids: new Int32Array([11, 12, 13]), k: 3 });
    expect(m).toEqual({
      k: 3,
      signalFound: 2,
      signalInjected: 3,
      precision: 2 / 3,
      recall: { value: 2 / 3 },
      components: [
        { component: 1, found: 1, injected: 2, recall: 0.5 },
        { component: 2, found: 1, injected: 1, recall: 1 },
      ],
    });
  });

  it("has no recall on a box without signal", () => {
    const m = topKMetrics({ ids: [1], k: 1, boxIds: [1, 2], boxLabels: [0, 0] });
    expect(m.precision).toBe(0);
    expect(m.recall).toEqual({
      value: null,
      reason: "this box has no injected signal, so recall is undefined",
    });
  });

  it("rejects bad submissions with the reason", () => {
    expect(() => topKMetrics({ ...box, ids: [11, 12, 11], k: 3 })).toThrow(
      "event ID 11 appears more than once",
    );
    expect(() => topKMetrics({ ...box, ids: [11, 99, 98], k: 3 })).toThrow(
      "2 event ID(s) not in this box: 99, 98",
    );
    expect(() => topKMetrics({ ...box, ids: [11, 12], k: 3 })).toThrow(
      "expected exactly K = 3 event IDs, got 2",
    );
    expect(() => topKMetrics({ ...box, ids: [11], k: 0 })).toThrow(/K must be an integer between 1 and/);
    expect(() => topKMetrics({ ...box, ids: [11], k: 1.5 })).toThrow(/got 1.5/);
    expect(() => topKMetrics({ ...box, ids: [11], k: 7 })).toThrow(/box size 6, got 7/);
    expect(() => topKMetrics({ ...box, ids: [11.5], k: 1 })).toThrow(/IDs are integers/);
    expect(() => topKMetrics({ ids: [1], k: 1, boxIds: [1, 1], boxLabels: [0, 1] })).toThrow(
      /id 1 appears twice/,
    );
    expect(() => topKMetrics({ ids: [1], k: 1, boxIds: [1, 2], boxLabels: [0] })).toThrow(
      /2 ids but 1 labels/,
    );
  });

  it("does not change its inputs", () => {
    const ids = new Int32Array([13, 11]);
    topKMetrics({ ...box, ids, k: 2 });
    expect([...ids]).toEqual([13, 11]);
  });
});
