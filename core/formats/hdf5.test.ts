import h5wasm from "h5wasm/node";
import { describe, expect, it } from "vitest";
import { ScoreFileError } from "./errors";
import { isHdf5, readHdf5 } from "./hdf5";
import { pickledList } from "./pandas";

type Data = Float64Array | Float32Array | BigInt64Array | Int32Array;

/** A small HDF5 file written by h5wasm: each entry a root dataset, optionally gzip-compressed. */
async function h5(datasets: Record<string, Data>, compression?: number): Promise<Uint8Array> {
  const Module = await h5wasm.ready;
  const path = `/test-${Math.random().toString(36).slice(2)}.h5`;
  const f = new h5wasm.File(path, "w");
  for (const [name, data] of Object.entries(datasets)) {
    f.create_dataset({ name, data, ...(compression ? { compression, chunks: [data.length] } : {}) });
  }
  f.close();
  const bytes = Module.FS.readFile(path);
  Module.FS.unlink(path);
  return bytes;
}

async function failure(bytes: Uint8Array): Promise<string> {
  try {
    await readHdf5(bytes, "s.h5");
  } catch (e) {
    if (e instanceof ScoreFileError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "no error";
}

describe("readHdf5", () => {
  it("reads an h5py-style 'scores' + 'event_id' pair, gzip-compressed too", async () => {
    for (const compression of [undefined, 4]) {
      const bytes = await h5(
        { scores: new Float32Array([0.5, 1.5]), event_id: new BigInt64Array([5n, 6n]) },
        compression,
      );
      expect(isHdf5(bytes)).toBe(true);
      const r = await readHdf5(bytes, "s.h5");
      expect(Array.from(r.scores)).toEqual([0.5, 1.5]);
      expect(Array.from(r.eventIds ?? [])).toEqual([5n, 6n]);
    }
  });

  it("lists the datasets found and the accepted names for an unknown layout", async () => {
    const bytes = await h5({ anomaly: new Float64Array([1, 2]), Result: new Int32Array([3]) });
    expect(await failure(bytes)).toBe(
      "upload:unknown_dataset: s.h5: no scores found. It holds the datasets /Result integers [1], /anomaly floats [2]. Accepted: a dataset named 'scores' (optionally with 'event_id') at the root, as h5py writes it, or a pandas DataFrame saved with to_hdf with a column named 'score'",
    );
  });

  it("refuses a 2-D scores dataset and an unreadable file", async () => {
    const Module = await h5wasm.ready;
    const path = "/test-2d.h5";
    const f = new h5wasm.File(path, "w");
    f.create_dataset({ name: "scores", data: new Float64Array([1, 2, 3, 4]), shape: [2, 2] });
    f.close();
    const bytes = Module.FS.readFile(path);
    Module.FS.unlink(path);
    expect(await failure(bytes)).toMatch(/^upload:bad_shape: s\.h5: \/scores has shape \[2, 2\]/);
    expect(await failure(bytes.subarray(0, 200))).toMatch(
      /^upload:corrupt: s\.h5: HDF5 could not (open|read) it/,
    );
  });

  it("parses pandas' protocol-0 pickled name lists", () => {
    expect(pickledList("(lp0\nVevent_id\np1\naVscore\np2\na.")).toEqual(["event_id", "score"]);
    expect(pickledList("(lp0\n.")).toEqual([]);
  });
});
