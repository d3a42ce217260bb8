import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import h5wasm from "h5wasm/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAdc2021 } from "@/core/formats/adc2021";
import { ScoreFileError } from "@/core/formats/errors";
import { allowOpens } from "@/core/formats/h5guard";
import { readHdf5 } from "@/core/formats/hdf5";
import { openLhco } from "@/core/formats/lhco";
import { fixture, lhcoTinyLabels } from "../support/lhco";

// Attack (issue 15, follow-up of the HDF5 upload fix): an organizer imports an events file whose big
// dataset keeps its data in another host file — an external raw-data file (EFL) at any absolute path,
// or a virtual dataset's source. h5wasm's Node build opens host paths, and the import reader opens
// the file in place and reads it slice by slice across awaits, so an organizer of one challenge could
// import another challenge's sealed truth blob (its path follows from the published commitment) as
// events. The fixtures were written by h5py: fixtures/make_import_fixtures.py.

const N = 4;
const fixtures = path.join(import.meta.dirname, "fixtures");
// absolute, as named inside the fixtures
const LHCO_TARGET = "/tmp/arena-import-lhco-target.bin";
const VDS_TARGET = "/tmp/arena-import-vds-target.h5";
const ADC_TARGET = "/tmp/arena-import-adc2021-target.bin";

// Recognisable values; the LHCO label column (2100) is 0/1 so the old reader accepted the rows.
const lhcoSecret = Float64Array.from({ length: N * 2101 }, (_, i) =>
  i % 2101 === 2100 ? Math.floor(i / 2101) % 2 : 7000 + i / 8,
);
const adcSecret = Float32Array.from({ length: N * 76 }, (_, i) => 7000 + i / 4);

async function outcome<T>(read: () => Promise<T>): Promise<{ value?: T; error?: ScoreFileError }> {
  try {
    return { value: await read() };
  } catch (e) {
    if (!(e instanceof ScoreFileError)) throw e;
    return { error: e };
  }
}

async function readLhco(file: string) {
  const f = await openLhco(path.join(fixtures, file));
  try {
    return f.read(0, f.events).values;
  } finally {
    f.close();
  }
}

describe("HDF5 imports that name other host files", () => {
  beforeAll(async () => {
    fs.writeFileSync(LHCO_TARGET, new Uint8Array(lhcoSecret.buffer));
    fs.writeFileSync(ADC_TARGET, new Uint8Array(adcSecret.buffer));
    await h5wasm.ready;
    const f = new h5wasm.File(VDS_TARGET, "w");
    f.create_dataset({ name: "secret", data: lhcoSecret, shape: [N, 2101], dtype: "<d" });
    f.close();
  });
  afterAll(() => {
    for (const p of [LHCO_TARGET, VDS_TARGET, ADC_TARGET]) fs.rmSync(p, { force: true });
  });

  it("does not read an LHCO particle block stored in an external host file", async () => {
    const r = await outcome(() => readLhco("import-lhco-efl.h5"));
    expect(r.value).toBeUndefined();
    expect(r.error?.code).toBe("upload:corrupt");
    expect(r.error?.message).toMatch(
      /import-lhco-efl\.h5: \/df\/block0_values keeps its data in other files/,
    );
    expect(r.error?.message).not.toContain("7000");
  });

  it("refuses an LHCO particle block that is a virtual dataset, naming file and dataset", async () => {
    const r = await outcome(() => readLhco("import-lhco-vds.h5"));
    expect(r.value).toBeUndefined();
    expect(r.error?.code).toBe("upload:unsupported_dtype");
    expect(r.error?.message).toMatch(/import-lhco-vds\.h5: \/df\/block0_values is a virtual dataset/);
  });

  it("does not read ADC2021 particles stored in an external host file", async () => {
    const r = await outcome(() => readAdc2021(path.join(fixtures, "import-adc2021-efl.h5")));
    expect(r.value).toBeUndefined();
    expect(r.error?.code).toBe("upload:corrupt");
    expect(r.error?.message).toMatch(/import-adc2021-efl\.h5: \/Particles keeps its data in other files/);
    expect(r.error?.message).not.toContain("7000");
  });

  it("keeps the confinement while an ordinary import is open across awaits, and lifts it on close", async () => {
    const tiny = await openLhco(fixture("real", "lhco", "events_anomalydetection_tiny.h5"));
    try {
      await new Promise((r) => setImmediate(r));
      const r = await outcome(() => readLhco("import-lhco-efl.h5"));
      expect(r.value).toBeUndefined();
      expect(r.error?.code).toBe("upload:corrupt");
      // an ordinary upload read meanwhile still reads
      const upload = new Uint8Array(fs.readFileSync(fixture("clients", "scores_h5py.h5")));
      expect((await readHdf5(upload, "s.h5")).scores.length).toBe(1000);
      // the open import still reads after all that, HDF5 loading its Blosc plugin meanwhile
      await new Promise((r) => setImmediate(r));
      const values = tiny.read(0, tiny.events).values;
      const labels = await lhcoTinyLabels();
      expect(Int32Array.from({ length: tiny.events }, (_, i) => values[i * 2101 + 2100] as number)).toEqual(
        labels,
      );
    } finally {
      tiny.close();
    }
    // nothing open: plain h5wasm opens any host file again (tests and tools rely on it)
    const f = new h5wasm.File(VDS_TARGET, "r");
    expect((f.get("secret") as InstanceType<typeof h5wasm.Dataset>).shape).toEqual([N, 2101]);
    f.close();
  });

  it("does not read a host file that is itself open for HDF5 meanwhile (another import, a file being written)", async () => {
    const other = allowOpens(LHCO_TARGET);
    try {
      const r = await outcome(() => readLhco("import-lhco-efl.h5"));
      expect(r.value).toBeUndefined();
      expect(r.error?.message).toMatch(
        /import-lhco-efl\.h5: \/df\/block0_values keeps its data in other files/,
      );
    } finally {
      other.release();
    }
  });

  it("still imports an ordinary ADC2021 file", async () => {
    const p = path.join(os.tmpdir(), `arena-import-plain-${process.pid}.h5`);
    const f = new h5wasm.File(p, "w");
    f.create_dataset({ name: "Particles", data: adcSecret, shape: [N, 19, 4], dtype: "<f" });
    f.close();
    try {
      const e = await readAdc2021(p);
      expect(e.events).toBe(N);
      expect(e.features[0]).toBe(adcSecret[0]);
      expect(e.features[57 * N - 1]).toBe(adcSecret[76 * N - 2]);
    } finally {
      fs.rmSync(p, { force: true });
    }
  });
});
