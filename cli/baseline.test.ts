import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { writePublicFile } from "@/core/formats";
import { readNpy } from "@/core/formats/npy";
import { mahalanobisBaseline } from "@/scorer/baselines/index";
import { readPublicFeatures } from "@/scorer/baselines/public-file";
import { NAMES, sample } from "@/scorer/baselines/test-sample";
import { runCli } from "@/tests/support/cli";

const run = runCli;

describe("arena baseline", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-baseline-"));
  const pub = path.join(dir, "public.h5");
  // More rows than one HDF5 read slice (65 536), so the slices must join up.
  const n = 70_000;
  const features = Float32Array.from(sample(n, 7));
  beforeAll(async () => {
    const bytes = await writePublicFile({
      features,
      featureNames: NAMES,
      eventIds: BigInt64Array.from({ length: n }, (_, i) => BigInt(1000 + i)),
      attrs: { slug: "t", version: 1, sqrtS: 13_000, units: "GeV" },
    });
    fs.writeFileSync(pub, bytes);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reads every feature of a public file in slices", async () => {
    const pf = await readPublicFeatures(new Uint8Array(fs.readFileSync(pub)), "public.h5");
    expect([pf.n, pf.names]).toEqual([n, NAMES]);
    expect(pf.features).toBeInstanceOf(Float32Array);
    // Byte comparison: toEqual walks 910 000 elements one by one (seconds).
    expect(Buffer.from(pf.features.buffer).equals(Buffer.from(features.buffer))).toBe(true);
  });

  it("writes float64 .npy [N] scores in file order, with --json", async () => {
    const out = path.join(dir, "sub", "maha.npy");
    const r = await run("baseline", "mahalanobis", "--features", pub, "--out", out, "--json");
    expect(r).toMatchObject({ code: 0, err: "" });
    const json = JSON.parse(r.out);
    const bytes = new Uint8Array(fs.readFileSync(out));
    expect(json).toMatchObject({ baseline: "mahalanobis", events: n, nFit: n, device: "cpu" });
    expect(json.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    const npy = readNpy(bytes, "maha.npy");
    expect(npy.details).toMatchObject({ dtype: "<f8", shape: [n] });
    const expected = mahalanobisBaseline(features, NAMES, n).scores;
    expect(Buffer.from(npy.scores.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it("trains the autoencoder (ae) on the CPU and writes its reconstruction errors, reproducibly", async () => {
    const before = process.env.ARENA_DEVICE;
    onTestFinished(() => {
      if (before === undefined) delete process.env.ARENA_DEVICE;
      else process.env.ARENA_DEVICE = before;
    });
    const outA = path.join(dir, "ae-a.npy");
    const a = await run(
      "baseline",
      "ae",
      "--features",
      pub,
      "--out",
      outA,
      "--epochs",
      "3",
      "--device",
      "cpu",
      "--json",
    );
    expect(a.code, a.err).toBe(0);
    const json = JSON.parse(a.out);
    expect(json).toMatchObject({ baseline: "ae", events: n, epochs: 3, backend: "wasm", device: "cpu" });
    expect(json.losses).toHaveLength(3);
    const outB = path.join(dir, "ae-b.npy");
    await run("baseline", "ae", "--features", pub, "--out", outB, "--epochs", "3", "--device", "cpu");
    expect(fs.readFileSync(outB).equals(fs.readFileSync(outA))).toBe(true);
    expect((await run("baseline", "ae", "--features", pub, "--out", outB, "--epochs", "0")).code).toBe(2);
  }, 120_000);

  it("refuses unknown methods and missing flags", async () => {
    expect((await run("baseline", "knn", "--features", pub, "--out", "x.npy")).code).toBe(2);
    expect((await run("baseline", "mahalanobis", "--out", "x.npy")).err).toContain("--features is required");
    expect((await run("baseline")).code).toBe(2);
  });
});
