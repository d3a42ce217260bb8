import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPublicFeature, readSealedTruth } from "./blackbox";

// The files are written by h5py, as an organizer's or participant's Python would write them.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-bb-"));
function h5py(script: string): void {
  execFileSync("/usr/bin/python3", ["-c", `import h5py, numpy as np, json\n${script}`], { cwd: dir });
}
const bytes = (name: string) => new Uint8Array(fs.readFileSync(path.join(dir, name)));

describe("black box files", () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads one feature column of a public file, with its event ids", async () => {
    h5py(`
with h5py.File("public.h5", "w") as f:
    f["events/features"] = np.array([[3000, 500], [3500, 100], [2500, 80]], dtype=np.float32)
    f["events/feature_names"] = np.array([b"mjj", b"mj1"])
    f["events/event_id"] = np.array([10, 11, 12], dtype=np.int64)
`);
    const r = await readPublicFeature(bytes("public.h5"), "public.h5", "mj1");
    expect(Array.from(r.values)).toEqual([500, 100, 80]);
    expect(Array.from(r.eventIds)).toEqual([10n, 11n, 12n]);
    await expect(readPublicFeature(bytes("public.h5"), "public.h5", "tau21")).rejects.toThrow(
      "public.h5: has no feature 'tau21'; its features are mjj, mj1",
    );
  });

  it("reads a sealed truth file: labels, ids and the injected parameters", async () => {
    h5py(`
with h5py.File("truth.h5", "w") as f:
    f["truth/label"] = np.array([0, 1, 0, 2], dtype=np.int8)
    f["truth/event_id"] = np.arange(4, dtype=np.int64)
    f.attrs["params"] = json.dumps({"components": [{"process": "Wprime", "mass": 3823, "nInjected": 1}]})
with h5py.File("bad.h5", "w") as f:
    f["labels"] = np.zeros(3)
with h5py.File("short_ids.h5", "w") as f:
    f["truth/label"] = np.array([0, 1, 0], dtype=np.int8)
    f["truth/event_id"] = np.arange(2, dtype=np.int64)
with h5py.File("scores_short_ids.h5", "w") as f:
    f["scores"] = np.array([0.1, 0.2, 0.3])
    f["event_id"] = np.arange(2, dtype=np.int64)
`);
    const t = await readSealedTruth(bytes("truth.h5"), "truth.h5");
    expect(Array.from(t.labels)).toEqual([0, 1, 0, 2]);
    expect(t.params).toEqual({ components: [{ process: "Wprime", mass: 3823, nInjected: 1 }] });
    await expect(readSealedTruth(bytes("bad.h5"), "bad.h5")).rejects.toMatchObject({
      code: "upload:unknown_dataset",
      message: expect.stringContaining("has no dataset /truth/label"),
    });
    await expect(readSealedTruth(bytes("short_ids.h5"), "short_ids.h5")).rejects.toMatchObject({
      code: "upload:bad_shape",
      message: "short_ids.h5: /truth/label has 3 rows but /truth/event_id has 2",
    });
    const { readScoreFile } = await import("./scores");
    await expect(readScoreFile(bytes("scores_short_ids.h5"), "scores_short_ids.h5")).rejects.toMatchObject({
      code: "upload:bad_shape",
      message: expect.stringContaining("holds 3 scores but 2 event ids"),
    });
  });
});
