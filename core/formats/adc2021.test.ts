import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ADC2021_FEATURE_NAMES, readAdc2021 } from "./adc2021";
import { ScoreFileError } from "./errors";

// Files written by Debian's h5py the way the ADC2021 organisers wrote theirs (gzip, float32, EvtId).
const dir = mkdtempSync(path.join(tmpdir(), "arena-adc2021-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function h5py(name: string, script: string): string {
  const file = path.join(dir, name);
  execFileSync("/usr/bin/python3", [
    "-c",
    `import h5py, numpy as np, sys\nf = h5py.File(sys.argv[1], "w")\n${script}\nf.close()`,
    file,
  ]);
  return file;
}

// Event e, object o, column k = 1000 e + 10 o + k (+ 0.5 so float32 rounding would show); class = o.
const VALID = `
n = 300
e, o, k = np.meshgrid(np.arange(n), np.arange(19), np.arange(4), indexing="ij")
p = (1000.0 * e + 10.0 * o + k + 0.5).astype(np.float32)
p[:, :, 3] = np.arange(19)
f.create_dataset("Particles", data=p, compression="gzip", chunks=(50, 19, 4))
f.create_dataset("EvtId", data=np.arange(n, dtype=np.int64) + 5000)
`;

describe("ADC2021 object files", () => {
  it("names the 57 columns", () => {
    expect(ADC2021_FEATURE_NAMES.length).toBe(57);
    expect(ADC2021_FEATURE_NAMES.slice(0, 6)).toEqual([
      "MET_pt",
      "MET_eta",
      "MET_phi",
      "e1_pt",
      "e1_eta",
      "e1_phi",
    ]);
    expect(ADC2021_FEATURE_NAMES[15]).toBe("mu1_pt");
    expect(ADC2021_FEATURE_NAMES.at(-1)).toBe("j10_phi");
  });

  it("round-trips a gzip-compressed Particles [N, 19, 4] with EvtId, the class column dropped", async () => {
    const file = h5py("valid.h5", VALID);
    const r = await readAdc2021(file);
    expect(r.events).toBe(300);
    expect(r.features).toBeInstanceOf(Float32Array);
    expect(r.features.length).toBe(300 * 57);
    for (const e of [0, 1, 149, 299]) {
      for (let o = 0; o < 19; o++) {
        for (let k = 0; k < 3; k++) {
          expect(r.features[e * 57 + o * 3 + k]).toBe(Math.fround(1000 * e + 10 * o + k + 0.5));
        }
      }
    }
    expect(r.eventIds?.[0]).toBe(5000n);
    expect(r.eventIds?.[299]).toBe(5299n);
  });

  it("reads only the first `limit` events when asked (a preview), still counting the file's", async () => {
    const r = await readAdc2021(h5py("valid.h5", VALID), undefined, 120);
    expect([r.events, r.rows, r.features.length, r.hasEventIds, r.eventIds]).toEqual([
      300,
      120,
      120 * 57,
      true,
      undefined,
    ]);
    expect(r.features[119 * 57 + 5]).toBe(Math.fround(1000 * 119 + 10 * 1 + 2 + 0.5));
    const all = await readAdc2021(h5py("valid.h5", VALID));
    expect(Array.from(all.features.subarray(0, 120 * 57))).toEqual(Array.from(r.features));
  });

  it("reads a file without EvtId", async () => {
    const file = h5py("noid.h5", `f["Particles"] = np.ones((2, 19, 4), dtype=np.float64)`);
    const r = await readAdc2021(file);
    expect([r.events, r.eventIds]).toEqual([2, undefined]);
    expect(Array.from(r.features.slice(0, 3))).toEqual([1, 1, 1]);
  });

  it("names the shape found and the shape expected", async () => {
    const file = h5py("shape.h5", `f["Particles"] = np.zeros((5, 18, 4), dtype=np.float32)`);
    await expect(readAdc2021(file)).rejects.toThrow(
      "shape.h5: /Particles has shape [5, 18, 4]; expected [N, 19, 4] (MET, 4 e, 4 μ, 10 jets × pT, η, φ, class)",
    );
    const flat = h5py("flat.h5", `f["Particles"] = np.zeros((5, 76), dtype=np.float32)`);
    await expect(readAdc2021(flat)).rejects.toThrow(
      "flat.h5: /Particles has shape [5, 76]; expected [N, 19, 4]",
    );
    const ids = h5py(
      "ids.h5",
      `f["Particles"] = np.zeros((3, 19, 4), dtype=np.float32)\nf["EvtId"] = np.arange(2)`,
    );
    await expect(readAdc2021(ids)).rejects.toThrow(
      "ids.h5: /EvtId has 2 entries but /Particles 3 events; one id per event",
    );
    const none = h5py("none.h5", `f["Result"] = np.arange(3)`);
    await expect(readAdc2021(none)).rejects.toThrow("none.h5: no dataset 'Particles' (it holds Result)");
  });

  it("names the event and column of a NaN or an infinity", async () => {
    const nan = h5py(
      "nan.h5",
      `p = np.zeros((4, 19, 4), dtype=np.float32); p[2, 5, 1] = np.nan\nf["Particles"] = p`,
    );
    await expect(readAdc2021(nan)).rejects.toThrow(
      "nan.h5: event 2 (counting from 0) has NaN in mu1_eta; zero-pad missing objects instead",
    );
    const inf = h5py(
      "inf.h5",
      `p = np.zeros((4, 19, 4), dtype=np.float32); p[3, 9, 0] = np.inf\nf["Particles"] = p`,
    );
    await expect(readAdc2021(inf)).rejects.toThrow("inf.h5: event 3 (counting from 0) has Infinity in j1_pt");
    // A NaN in the dropped class column is not our data, so not an error.
    const cls = h5py(
      "cls.h5",
      `p = np.zeros((1, 19, 4), dtype=np.float32); p[0, 0, 3] = np.nan\nf["Particles"] = p`,
    );
    expect((await readAdc2021(cls)).events).toBe(1);
  });

  it("refuses a cut-off file", async () => {
    const valid = readFileSync(h5py("whole.h5", VALID));
    for (const keep of [0.5, 0.9]) {
      const cut = path.join(dir, `cut${keep}.h5`);
      writeFileSync(cut, valid.subarray(0, Math.floor(valid.length * keep)));
      const err = await readAdc2021(cut).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ScoreFileError);
      expect((err as ScoreFileError).code).toBe("upload:corrupt");
      expect((err as Error).message).toMatch(new RegExp(`^cut${keep}\\.h5: `));
    }
  });

  it("refuses a file that is not HDF5", async () => {
    const file = path.join(dir, "text.h5");
    writeFileSync(file, "event,pt\n1,2\n");
    await expect(readAdc2021(file)).rejects.toThrow(
      "text.h5: HDF5 could not open it; the file is not HDF5, or is cut off or damaged",
    );
  });
});
