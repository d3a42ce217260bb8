import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, lhcoTinyLabels } from "@/tests/support/lhco";
import { runCli } from "@/tests/support/cli";

const run = runCli;

describe("arena CLI", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-cli-"));
  const labels = path.join(dir, "labels.csv");
  beforeAll(async () => {
    const l = await lhcoTinyLabels();
    fs.writeFileSync(labels, `event_id,label\n${Array.from(l, (v, i) => `${i},${v}`).join("\n")}\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("evaluate --json gives sklearn's AUC for a participant's file, aligned by id", async () => {
    // reference: sklearn 1.2.1 roc_auc_score, fixtures/clients/reference_metrics.json
    const ref = JSON.parse(fs.readFileSync(fixture("clients", "reference_metrics.json"), "utf8"));
    const r = await run(
      "evaluate",
      "--scores",
      fixture("clients", "scores_shuffled_ids.csv"),
      "--truth",
      labels,
      "--json",
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(Math.abs(json.truth.auc - ref.roc_auc_score)).toBeLessThanOrEqual(1e-12);
    expect(json.truth.tprAtFpr["1e-2"].value).toBe(ref.tpr_at_fpr["0.01"]);
    expect(json.truth).toMatchObject({ nSignal: 93, nBackground: 907 });
  });

  it("exits 2 with the usage on a bad command line, 1 on bad input", async () => {
    expect((await run()).code).toBe(2);
    const missing = await run("evaluate", "--scores", "x.npy");
    expect(missing).toMatchObject({ code: 2, err: expect.stringContaining("nothing to compute") });
    expect((await run("evaluate", "--bogus")).code).toBe(2);
    expect((await run("frobnicate")).err).toContain('unknown command "frobnicate"');
    const nan = path.join(dir, "nan.csv");
    fs.writeFileSync(nan, "0.5\nnan\n");
    const bad = await run("evaluate", "--scores", nan, "--truth", labels);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/line 2 is NaN.*\[upload:nan\]/);
  });

  it("claim-score scores a claim against the truth and refuses invalid claims naming the field", async () => {
    const claim = path.join(dir, "claim.json");
    const truth = path.join(dir, "truth.json");
    // LHCO Black Box 1: 834 events of a 3823 GeV W'; a claim of 3800 ± 50 GeV, 800 ± 200 events.
    fs.writeFileSync(truth, JSON.stringify({ resonances: [{ component: 1, mass: 3823, nSignal: 834 }] }));
    fs.writeFileSync(
      claim,
      JSON.stringify({
        signalPresent: true,
        mass: 3800,
        massUncertainty: 50,
        nSignal: 800,
        nSignalUncertainty: 200,
      }),
    );
    expect((await run("claim-score", "--claim", claim, "--truth", truth)).err).toContain(
      "--events is required",
    );
    const r = await run("claim-score", "--claim", claim, "--truth", truth, "--events", "1000000", "--json");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.detectionCorrect).toBe(true);
    expect(json.pulls.mass).toBeCloseTo(23 / 50, 12);
    expect(json.pulls.nSignal).toBeCloseTo(34 / 200, 12);
    // SCORING §3 v2, Σ [ln σ_eff + ½ ln 2π + ½((x − μ)/σ_eff)²], σ_eff = √(σ² + floor²), floors
    // 0.05·3800 GeV and √800 (reference: claims_reference.py's term(), Python statistics.NormalDist):
    // 6.206294642537352 + 6.241323880067466; the truth lists no daughters, so no daughter term
    expect(json.logScore).toBeCloseTo(12.447618522604818, 12);
    // the box's scoringConfig: a 2 % mass resolution → mass floor 76 GeV, 11.702779816706789
    const config = path.join(dir, "scoring.json");
    fs.writeFileSync(config, JSON.stringify({ sqrtS: 13000, claims: { massResolution: 0.02 } }));
    const score = (events: string, ...more: string[]) =>
      run("claim-score", "--claim", claim, "--truth", truth, "--events", events, "--config", config, ...more);
    const r2 = await score("1000000", "--json");
    expect(JSON.parse(r2.out).logScore).toBeCloseTo(11.702779816706789, 12);
    fs.writeFileSync(config, JSON.stringify({ claims: { massResolution: 0.5 } }));
    const badConfig = await score("10");
    expect(badConfig.code).toBe(1);
    expect(badConfig.err).toContain("claims.massResolution");
    // 800 signal events cannot be in a box of 500
    const tooMany = await run("claim-score", "--claim", claim, "--truth", truth, "--events", "500");
    expect(tooMany.code).toBe(1);
    expect(tooMany.err).toContain("nSignal must be between 0 and 500 (the events in this box), got 800");
    fs.writeFileSync(claim, JSON.stringify({ signalPresent: true, mass: -1, massUncertainty: 50 }));
    const bad = await run("claim-score", "--claim", claim, "--truth", truth, "--events", "1000000");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain("mass must be between 0 and 13000 GeV (√s of this box), got -1");
  });

  it("bumphunt reproduces pyBumpHunter on a reference case, whatever the thread count", async () => {
    // reference: pyBumpHunter 0.5 (0da0dd7) on case_sig200.json, 10 000 pseudo-experiments
    const file = fixture("bumphunter", "case_sig200.json");
    const ref = JSON.parse(fs.readFileSync(file, "utf8")).outputs;
    const one = await run(
      "bumphunt",
      "--hist",
      file,
      "--npe",
      "4000",
      "--seed",
      "7",
      "--threads",
      "1",
      "--json",
    );
    const two = await run(
      "bumphunt",
      "--hist",
      file,
      "--npe",
      "4000",
      "--seed",
      "7",
      "--threads",
      "2",
      "--json",
    );
    expect(one.code).toBe(0);
    const a = JSON.parse(one.out);
    const b = JSON.parse(two.out);
    expect(a.bump).toMatchObject({ locBin: ref.bump.loc_bin, widthBins: ref.bump.width_bins });
    expect(a.local.nWindows).toBe(ref.local.n_windows);
    const p = ref.global.pvalue;
    // binomial tolerance of SCORING §2: 3·√(p(1−p)(1/npe_ref + 1/npe))
    expect(Math.abs(a.global.pvalue - p)).toBeLessThanOrEqual(
      3 * Math.sqrt(p * (1 - p) * (1 / 10_000 + 1 / 4000)),
    );
    expect(b.global).toEqual(a.global);
    const bad = path.join(dir, "bad-hist.json");
    fs.writeFileSync(bad, JSON.stringify({ edges: [0, 1, 2], data: [1], ref: [1, 1] }));
    const refused = await run("bumphunt", "--hist", bad);
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining("one fewer than edges") });
  });

  it("bumphunt --use-sideband --sideband-width scans inside the side-bands as pyBumpHunter", async () => {
    // reference: pyBumpHunter v0.5.0 BumpHunter1D(use_sideband=True, sideband_width=5) on case_sig200's
    // histograms, scorer/bumphunt/reference/sideband_reference.json (sig200_sb5)
    const file = fixture("bumphunter", "case_sig200.json");
    const sideband = ["bumphunt", "--hist", file, "--use-sideband", "--sideband-width", "5"];
    const r = await run(...sideband, "--npe", "200", "--json");
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a.bump).toMatchObject({ locBin: 22, widthBins: 2 });
    expect(Math.abs(a.bump.normScale / 0.9950906063049 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(a.local.pvalue / 3.6859718844847526e-5 - 1)).toBeLessThan(1e-12);
    expect(a.local.nWindows).toBe(1065);
    expect(a.sideband).toEqual({ width: 5, windowBins: [5, 55], normalisationBins: [0, 60] });
    const text = await run(...sideband, "--npe", "20");
    expect(text.out).toContain("windows in bins 5..54, totals over bins 0..59");

    const refused = await run("bumphunt", "--hist", file, "--sideband-width", "5");
    expect(refused).toMatchObject({
      code: 2,
      err: expect.stringContaining("--sideband-width needs side-band"),
    });
    const negative = await run("bumphunt", "--hist", file, "--use-sideband", "--sideband-width=-1");
    expect(negative).toMatchObject({ code: 2, err: expect.stringContaining("integer ≥ 0") });
    const tooWide = await run("bumphunt", "--hist", file, "--use-sideband", "--sideband-width", "30");
    expect(tooWide).toMatchObject({ code: 1, err: expect.stringContaining("side-bands of 30") });
  });

  it("evaluate --mass adds the discovery significance of every cut (SCORING §2)", async () => {
    // A falling spectrum for the 1000 tiny-file events: m = 2000 + Exp(mean 600) GeV, fixed seed.
    let a = 42;
    const u = () => {
      a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
      return (a + 0.5) / 4294967296;
    };
    const masses = path.join(dir, "mjj.csv");
    fs.writeFileSync(
      masses,
      `event_id,mjj\n${Array.from({ length: 1000 }, (_, i) => `${i},${2000 - 600 * Math.log(u())}`).join("\n")}\n`,
    );
    const config = path.join(dir, "config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({ bins: { min: 2000, max: 5000, n: 30 }, npe: 500, seed: 3, threads: 1 }),
    );
    const args = ["evaluate", "--scores", fixture("clients", "scores_f64.npy"), "--truth", labels];
    const r = await run(...args, "--mass", masses, "--config", config, "--json");
    expect(r.code, r.err).toBe(0);
    const { discovery } = JSON.parse(r.out);
    expect(discovery.cuts.map((c: { efficiency: number }) => c.efficiency)).toEqual([1, 0.1, 0.01, 0.001]);
    expect(discovery.method).toBe(2);
    expect(discovery.cuts[0]).toMatchObject({ selected: 1000, model: { nParams: expect.any(Number) } });
    // A rejected cut carries its reason and no bump; an ok one its bump.
    for (const c of discovery.cuts) {
      if (c.status === "rejected") expect([c.bump, typeof c.rejection.message]).toEqual([null, "string"]);
      else expect(c.bump).not.toBeNull();
    }
    expect(discovery.summary !== null || typeof discovery.summaryReason === "string").toBe(true);
    // The same without --truth (a blind box: no truth file is needed for the discovery number).
    const blind = await run(
      "evaluate",
      "--scores",
      fixture("clients", "scores_f64.npy"),
      "--mass",
      masses,
      "--config",
      config,
      "--json",
    );
    expect(blind.code, blind.err).toBe(0);
    expect(JSON.parse(blind.out).discovery.cuts).toEqual(
      discovery.cuts.map((c: object) => ({ ...c, seconds: expect.any(Number) })),
    );
    // A box spec file works as --config; its |Δη| preselection needs the jets' η, so --mass is refused.
    const spec = path.join(dir, "bb1.json");
    fs.writeFileSync(
      spec,
      JSON.stringify({ slug: "x", scoringConfig: { preselection: { maxDeltaEta: 1.3 }, npe: 10 } }),
    );
    const needsEta = await run(...args, "--mass", masses, "--config", spec);
    expect(needsEta).toMatchObject({ code: 1, err: expect.stringContaining("give --features PUBLIC.h5") });
    fs.writeFileSync(spec, JSON.stringify({ scoringConfig: { bins: { min: 3000, max: 2000, n: 10 } } }));
    const badBins = await run(...args, "--mass", masses, "--config", spec);
    expect(badBins).toMatchObject({ code: 1, err: expect.stringContaining("scoringConfig.bins.max") });
    fs.writeFileSync(config, JSON.stringify({ bins: { min: 2000, max: 5000, n: 30 }, colour: "blue" }));
    const bad = await run(...args, "--mass", masses, "--config", config);
    expect(bad).toMatchObject({ code: 1, err: expect.stringContaining("colour") });
  });

  it("evaluate on a truth without signal (a BB2-like box) reports the truth metrics as not applicable", async () => {
    const none = path.join(dir, "no-signal.csv");
    fs.writeFileSync(none, `label\n${"0\n".repeat(1000)}`);
    const r = await run(
      "evaluate",
      "--scores",
      fixture("clients", "scores_f64.npy"),
      "--truth",
      none,
      "--json",
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).truth).toEqual({
      notApplicable: "the truth holds no signal: ROC, AUC and SIC are undefined",
    });
  });

  it("evaluate reads a sealed truth file and a public black box file's mjj", async () => {
    const { execFileSync } = await import("node:child_process");
    // Written by h5py like the platform's files: 1000 events, labels from the LHCO tiny file.
    const l = await lhcoTinyLabels();
    fs.writeFileSync(path.join(dir, "labels.bin"), Buffer.from(Int8Array.from(l).buffer));
    execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        `import h5py, numpy as np
lab = np.fromfile("labels.bin", dtype=np.int8)
ids = np.arange(1000, dtype=np.int64)
with h5py.File("truth.h5", "w") as f:
    f["truth/label"] = lab
    f["truth/event_id"] = ids
rng = np.random.default_rng(1)
with h5py.File("public.h5", "w") as f:
    f["events/features"] = np.stack([2000 + rng.exponential(600, 1000), rng.uniform(0, 500, 1000)], axis=1).astype(np.float32)
    f["events/feature_names"] = np.array([b"mjj", b"mj1"])
    f["events/event_id"] = ids`,
      ],
      { cwd: dir },
    );
    const config = path.join(dir, "cfg.json");
    fs.writeFileSync(config, JSON.stringify({ bins: { min: 2000, max: 5000, n: 30 }, npe: 200, threads: 1 }));
    const r = await run(
      "evaluate",
      ...["--scores", fixture("clients", "scores_pandas_table.h5"), "--truth", path.join(dir, "truth.h5")],
      ...["--features", path.join(dir, "public.h5"), "--config", config, "--json"],
    );
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.truth).toMatchObject({ nSignal: 93, nBackground: 907 });
    expect(json.discovery.cuts[0]).toMatchObject({ selected: 1000, status: "ok" });
  });

  it("generate writes the same files for the same spec, seed and salt, and verify-truth checks them", async () => {
    const spec = path.join(dir, "box.json");
    fs.writeFileSync(
      spec,
      JSON.stringify({
        generator: {
          background: { n: 2000 },
          signals: [{ model: "resonance-xy", n: 50, mass: 3823, mX: 732, mY: 378 }],
        },
        seed: 9,
      }),
    );
    const outs = [path.join(dir, "g1"), path.join(dir, "g2")];
    for (const out of outs) {
      const r = await run("generate", spec, "--out", out, "--salt", "a fixed salt for tests", "--json");
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).events).toBe(2050);
    }
    const [a, b] = outs.map((o) => fs.readFileSync(path.join(o, "public.h5")));
    expect(a!.equals(b!)).toBe(true);
    const commitment = fs.readFileSync(path.join(outs[0]!, "commitment.txt"), "utf8").trim();
    expect(fs.readFileSync(path.join(outs[1]!, "commitment.txt"), "utf8").trim()).toBe(commitment);
    const ok = await run(
      "verify-truth",
      "--truth",
      path.join(outs[0]!, "truth.h5"),
      "--commitment",
      commitment.toUpperCase(),
      "--json",
    );
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, events: 2050 });
    const bad = await run(
      "verify-truth",
      "--truth",
      path.join(outs[0]!, "truth.h5"),
      "--commitment",
      "0".repeat(64),
    );
    expect(bad).toMatchObject({ code: 1, err: expect.stringContaining("does not match") });
  });
});
