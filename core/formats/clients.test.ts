import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { readScoreFile } from "./scores";

// Real participant files: numpy 1.24, h5py 3.7, pandas 1.5 (see ../shared/fixtures/README.md).
const DIR = path.resolve(process.cwd(), "../shared/fixtures/clients");
const load = (name: string) => {
  if (!existsSync(DIR)) {
    throw new Error(`fixtures not found at ${DIR}: run the tests from the project root next to ../shared/`);
  }
  return new Uint8Array(readFileSync(path.join(DIR, name)));
};
// "Event order" is event_id 0..999; files without ids are already in that order.
const BOX_IDS = Array.from({ length: 1000 }, (_, i) => i);

describe("real client score files", () => {
  let reference: Float64Array;
  beforeAll(async () => {
    reference = (await readScoreFile(load("scores_f64.npy"), "scores_f64.npy")).scores;
  });

  it("reads scores_f64.npy as numpy does", () => {
    // reference: numpy 1.24 np.load("scores_f64.npy"): a[0], a[999], math.fsum(a)
    expect(reference.length).toBe(1000);
    expect(reference[0]).toBe(-0.11482065725950988);
    expect(reference[999]).toBe(0.7901622116429682);
    expect(reference.reduce((s, v) => s + v, 0)).toBeCloseTo(128.69539001833365, 9);
  });

  const float64Files = [
    "scores_bigendian.npy",
    "scores_fortran_2d.npy",
    "scores_pandas.csv",
    "scores_shuffled_ids.csv",
    "scores_pandas_fixed.h5",
    "scores_pandas_table.h5",
    "scores_savetxt.txt",
  ];
  it.each(float64Files)("%s gives the same 1000 float64 scores in event order", async (name) => {
    const file = await readScoreFile(load(name), name, { eventIds: BOX_IDS, expectedLength: 1000 });
    // Exact: all are float64 written by repr-precise writers (savetxt uses %.18e, round-trips).
    expect(Array.from(file.scores)).toEqual(Array.from(reference));
  });

  const float32Files = ["scores_f32.npy", "scores_f32_2d.npy", "scores_h5py.h5"];
  it.each(float32Files)("%s gives the same 1000 scores to float32 precision", async (name) => {
    const file = await readScoreFile(load(name), name, { eventIds: BOX_IDS, expectedLength: 1000 });
    // Exact against Math.fround: the files hold np.float32(scores), i.e. round-to-nearest of each.
    expect(Array.from(file.scores)).toEqual(Array.from(reference, Math.fround));
  });

  it("reports which files carry ids and whether they were aligned", async () => {
    const formats: Record<string, [string, boolean]> = {
      "scores_f64.npy": ["npy", false],
      "scores_fortran_2d.npy": ["npy", true],
      "scores_h5py.h5": ["hdf5", true],
      "scores_pandas_fixed.h5": ["hdf5", false], // default RangeIndex: row order, not ids
      "scores_pandas_table.h5": ["hdf5", true], // event_id column
      "scores_shuffled_ids.csv": ["csv", true],
      "scores_savetxt.txt": ["txt", false],
    };
    for (const [name, [format, aligned]] of Object.entries(formats)) {
      const file = await readScoreFile(load(name), name, { eventIds: BOX_IDS });
      expect([name, file.format, file.details.aligned]).toEqual([name, format, aligned]);
    }
  });

  it("keeps file order and returns the ids when no box ids are given", async () => {
    const file = await readScoreFile(load("scores_shuffled_ids.csv"), "scores_shuffled_ids.csv");
    // reference: first data line of scores_shuffled_ids.csv is "899,-1.0679572591230784"
    expect(file.eventIds?.[0]).toBe(899n);
    expect(file.scores[0]).toBe(-1.0679572591230784);
    expect(file.scores[0]).toBe(reference[899]);
  });
});
