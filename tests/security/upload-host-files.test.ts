import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import h5wasm from "h5wasm/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { submissionSettings } from "@/lib/submissions/config";
import { validateUpload } from "@/lib/submissions/validate";

// Attack (found while fixing issue 15 §12): an HDF5 upload whose `scores` dataset keeps its data in
// another host file — an external raw-data file (EFL) at any path and offset, or a virtual dataset's
// source — made the server read that file as the team's scores (h5wasm's Node build opens host
// paths). The sealed truth blob's path follows from the published commitment, so a team could submit
// the truth labels as its scores. The fixtures were written by h5py: fixtures/make_fixtures.py.

const N = 1000;
const fixtures = path.join(import.meta.dirname, "fixtures");
const EFL_TARGET = "/tmp/arena-efl-target.bin"; // absolute, as named inside efl-scores.h5
const VDS_TARGET = path.join(os.tmpdir(), "arena-vds-target.h5"); // beside the upload's temporary copy
const secret = Float64Array.from({ length: N }, (_, i) => 1000 + i / 8);

const settings = submissionSettings({ scoringConfig: {}, quotas: {} });
const events = async () => ({
  eventIds: BigInt64Array.from({ length: N }, (_, i) => BigInt(i)),
  mass: new Float64Array(N),
});

async function outcome(file: string) {
  const bytes = new Uint8Array(fs.readFileSync(path.join(fixtures, file)));
  try {
    const v = await validateUpload({ kind: "scores", bytes, fileName: file }, settings, events, N);
    return { scores: v.scores };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { error: e };
  }
}

describe("HDF5 uploads that name other host files", () => {
  beforeAll(async () => {
    fs.writeFileSync(EFL_TARGET, new Uint8Array(secret.buffer));
    await h5wasm.ready;
    const f = new h5wasm.File(VDS_TARGET, "w");
    f.create_dataset({ name: "secret", data: secret, shape: [N], dtype: "<d" });
    f.close();
  });
  afterAll(() => {
    fs.rmSync(EFL_TARGET, { force: true });
    fs.rmSync(VDS_TARGET, { force: true });
  });

  it("does not read an external raw-data file (EFL) named by the upload", async () => {
    const r = await outcome("efl-scores.h5");
    expect(r.scores).toBeUndefined();
    expect(r.error?.code).toBe("validation");
    expect(r.error?.details?.reason).toBe("upload:corrupt");
    expect(r.error?.message).toMatch(/efl-scores\.h5: could not read \/scores/);
    expect(r.error?.message).not.toContain("1000.125");
  });

  it("refuses a virtual dataset instead of reading its source file", async () => {
    const r = await outcome("vds-scores.h5");
    expect(r.scores).toBeUndefined();
    expect(r.error?.details?.reason).toBe("upload:unsupported_dtype");
    expect(r.error?.message).toMatch(/vds-scores\.h5: \/scores is a virtual dataset/);
  });

  it("still reads an ordinary HDF5 upload afterwards", async () => {
    const p = path.join(os.tmpdir(), `arena-plain-${process.pid}.h5`);
    const f = new h5wasm.File(p, "w");
    f.create_dataset({ name: "scores", data: secret, shape: [N], dtype: "<d" });
    f.close();
    const bytes = new Uint8Array(fs.readFileSync(p));
    fs.rmSync(p);
    const v = await validateUpload({ kind: "scores", bytes, fileName: "plain.h5" }, settings, events, N);
    expect(Array.from(v.scores ?? [])).toEqual(Array.from(secret));
  });
});
