import { execFileSync } from "node:child_process";
import { FEATURE_NAMES } from "@/core/events";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPublicFeature, readSealedTruth } from "@/core/formats";
import { type PublicFileInput, writePublicFile, writeTruthFile } from "./blackbox-write";

const NAMES = [...FEATURE_NAMES];
const N = 5;
// Values with fractions float32 cannot hold exactly, so a float64 detour would show.
const features = Float32Array.from({ length: N * NAMES.length }, (_, k) => 1000.1 * (k + 1) + k / 7);
// 2^53 + 1 is not a JS number: ids must travel as int64, not as doubles.
const eventIds = new BigInt64Array([0n, 7n, 2n ** 53n + 1n, -3n, 42n]);
const publicInput: PublicFileInput = {
  features,
  featureNames: NAMES,
  eventIds,
  attrs: { slug: "lhco-rnd", version: 3, sqrtS: 13000, units: "GeV" },
};
const params = {
  generator: "dijet-v1",
  components: [{ process: "Wprime", mass: 3823, width: 0.02, nInjected: 1 }],
};
const salt = "5b0c1f2e9d8a7c6b5a4f3e2d1c0b9a88";
const truthInput = { labels: new Int8Array([0, 1, 0, 2, 0]), eventIds, params, salt };

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-bbw-"));

/** Save `bytes` and run a Debian-Python script on it (`sys.argv[1]` is the file); it prints JSON. */
function python(bytes: Uint8Array, name: string, script: string): Record<string, unknown> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  const header = "import h5py, json, re, sys\nimport numpy as np\nimport pandas as pd\n";
  return JSON.parse(execFileSync("/usr/bin/python3", ["-c", header + script, file], { encoding: "utf8" }));
}

describe("writing black box files", () => {
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a public file our reader reads back, every column with its ids", async () => {
    const bytes = await writePublicFile(publicInput);
    for (const [j, name] of NAMES.entries()) {
      const { values, eventIds: ids } = await readPublicFeature(bytes, "public.h5", name);
      expect(Array.from(values)).toEqual(Array.from({ length: N }, (_, i) => features[i * NAMES.length + j]));
      expect(ids).toEqual(eventIds);
    }
  });

  it("writes a truth file our reader reads back, the salt inside params", async () => {
    const t = await readSealedTruth(await writeTruthFile(truthInput), "truth.h5");
    expect(Array.from(t.labels)).toEqual([0, 1, 0, 2, 0]);
    expect(t.eventIds).toEqual(eventIds);
    expect(t.params).toEqual({ ...params, salt });
  });

  it("writes the same bytes for the same input, whatever the clock says", async () => {
    const realNow = Date.now;
    const at = async <T>(ms: number, write: () => Promise<T>) => {
      Date.now = () => ms;
      try {
        return await write();
      } finally {
        Date.now = realNow;
      }
    };
    // HDF5 stamps object headers with the time; two clocks 10 years apart must not show.
    const p1 = await at(1.6e12, () => writePublicFile(publicInput));
    const t1 = await at(1.6e12, () => writeTruthFile(truthInput));
    // A bigger file in between leaves the wasm heap dirty: no stale memory may reach the file.
    await writePublicFile({
      ...publicInput,
      features: new Float32Array(20_000 * NAMES.length).fill(Math.PI),
      eventIds: BigInt64Array.from({ length: 20_000 }, (_, i) => BigInt(i)),
    });
    const p2 = await at(1.9e12, () => writePublicFile(publicInput));
    const t2 = await at(1.9e12, () => writeTruthFile(truthInput));
    expect(sha256(p2)).toBe(sha256(p1));
    expect(sha256(t2)).toBe(sha256(t1));
    expect(Date.now).toBe(realNow);
    // Another salt is another commitment.
    expect(sha256(await writeTruthFile({ ...truthInput, salt: `${salt.slice(1)}0` }))).not.toBe(sha256(t1));
  });

  it("writes a public file h5py and pandas read, with nothing about the truth in it", async () => {
    const out = python(
      await writePublicFile(publicInput),
      "public.h5",
      `
with h5py.File(sys.argv[1], "r") as f:
    x = f["events/features"]
    raw = f["events/feature_names"][:]
    names = [n.decode() for n in raw]
    ids = f["events/event_id"]
    df = pd.DataFrame(f["events/features"][:], columns=names)
    found = ["@" + a for a in f.attrs]
    f.visititems(lambda name, obj: found.extend([name] + [name + "@" + a for a in obj.attrs]))
    print(json.dumps({
        "shape": list(x.shape), "dtype": str(x.dtype), "values": x[:].tolist(),
        "rawType": type(raw[0]).__name__, "names": names, "asstr": list(f["events/feature_names"].asstr()[:]),
        "idDtype": str(ids.dtype), "ids": [str(v) for v in ids[:]],
        "attrs": {k: v.item() if hasattr(v, "item") else v for k, v in f.attrs.items()},
        "attrTypes": {k: type(v).__name__ for k, v in f.attrs.items()},
        "dfShape": list(df.shape), "dfColumns": list(df.columns), "dfDtypes": sorted(set(map(str, df.dtypes))),
        "mj1": df["mj1"].tolist(), "found": sorted(found),
        "forbidden": [n for n in found if re.search("label|truth|signal|param", n, re.I)],
    }))
`,
    );
    expect(out).toMatchObject({
      shape: [N, 13],
      dtype: "float32",
      values: Array.from({ length: N }, (_, i) => Array.from(features.subarray(i * 13, (i + 1) * 13))),
      rawType: "bytes",
      names: NAMES,
      asstr: NAMES,
      idDtype: "int64",
      ids: ["0", "7", "9007199254740993", "-3", "42"],
      attrs: { slug: "lhco-rnd", version: 3, sqrt_s: 13000, units: "GeV" },
      attrTypes: { slug: "str", version: "int32", sqrt_s: "float64", units: "str" },
      dfShape: [N, 13],
      dfColumns: NAMES,
      dfDtypes: ["float32"],
      mj1: Array.from({ length: N }, (_, i) => features[i * 13 + 1]),
      found: [
        "@slug",
        "@sqrt_s",
        "@units",
        "@version",
        "events",
        "events/event_id",
        "events/feature_names",
        "events/features",
      ],
      forbidden: [],
    });
  });

  it("writes a truth file h5py reads: int8 labels, int64 ids, params as a JSON string", async () => {
    const out = python(
      await writeTruthFile(truthInput),
      "truth.h5",
      `
with h5py.File(sys.argv[1], "r") as f:
    p = f.attrs["params"]
    print(json.dumps({
        "labelDtype": str(f["truth/label"].dtype), "labels": f["truth/label"][:].tolist(),
        "idDtype": str(f["truth/event_id"].dtype), "ids": [str(v) for v in f["truth/event_id"][:]],
        "paramsType": type(p).__name__, "params": json.loads(p),
    }))
`,
    );
    expect(out).toEqual({
      labelDtype: "int8",
      labels: [0, 1, 0, 2, 0],
      idDtype: "int64",
      ids: ["0", "7", "9007199254740993", "-3", "42"],
      paramsType: "str",
      params: { ...params, salt },
    });
  });

  it("writes boxes with no events", async () => {
    const empty = { features: new Float32Array(0), eventIds: new BigInt64Array(0) };
    const r = await readPublicFeature(await writePublicFile({ ...publicInput, ...empty }), "p.h5", "mjj");
    expect(r.values.length).toBe(0);
    const t = await readSealedTruth(
      await writeTruthFile({ ...truthInput, ...empty, labels: new Int8Array(0) }),
      "t.h5",
    );
    expect(t.labels.length).toBe(0);
  });

  it("refuses inputs that do not make a valid file, and leaves the clock alone", async () => {
    const realNow = Date.now;
    const pub = (change: Partial<PublicFileInput>) => writePublicFile({ ...publicInput, ...change });
    await expect(pub({ features: features.subarray(1) })).rejects.toThrow(
      "features holds 64 values but 5 events × 13 features need 65",
    );
    await expect(pub({ featureNames: [] })).rejects.toThrow(RangeError);
    await expect(pub({ featureNames: [...NAMES.slice(0, 12), "mjj"] })).rejects.toThrow(
      "feature names repeat",
    );
    await expect(pub({ featureNames: [...NAMES.slice(0, 12), "is_signal"] })).rejects.toThrow(
      "feature 'is_signal' looks like truth",
    );
    await expect(pub({ eventIds: new BigInt64Array([1n, 2n, 3n, 2n, 5n]) })).rejects.toThrow(
      "event id 2 appears more than once",
    );
    await expect(pub({ attrs: { ...publicInput.attrs, version: 1.5 } })).rejects.toThrow(RangeError);
    await expect(pub({ attrs: { ...publicInput.attrs, sqrtS: 0 } })).rejects.toThrow(RangeError);

    const truth = (change: Partial<typeof truthInput>) => writeTruthFile({ ...truthInput, ...change });
    await expect(truth({ labels: new Int8Array(4) })).rejects.toThrow("4 labels but 5 event ids");
    await expect(truth({ labels: new Int8Array([0, 1, -1, 0, 0]) })).rejects.toThrow("label 2 is -1");
    await expect(truth({ salt: "short" })).rejects.toThrow("at least 16 characters");
    await expect(writeTruthFile({ ...truthInput, params: [1, 2] })).rejects.toThrow(TypeError);
    await expect(writeTruthFile({ ...truthInput, params: null })).rejects.toThrow(TypeError);
    expect(Date.now).toBe(realNow);
  });
});
