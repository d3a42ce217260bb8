import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURE_NAMES } from "@/core/events";
import type { Actor } from "@/lib/auth/actor";
import { getBlackBox, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { blackBoxes, jobs } from "@/lib/db/schema";
import { readSealedTruth } from "@/core/formats";
import { npyBytes } from "@/core/formats/npy";
import { createImportBox, importJobStatus } from "@/lib/imports/create";
import { stageImportFile, stagingDir } from "@/lib/imports/staging";
import { blobStore } from "@/lib/storage";
import { createSubmission } from "@/lib/submissions/create";
import { boxLeaderboard, getSubmission } from "@/lib/submissions/queries";
import { createTeam } from "@/lib/teams";
import { jetFeatures } from "@/core/physics/parallel";
import { readPublicFeatures } from "@/scorer/baselines/public-file";
import { createPostgresDatabase, testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";
import { fixture, lhcoTinyRows } from "../support/lhco";
import { killHard, spawnWorkerBundle, waitUntil } from "../support/processes";
import { drainJobs } from "../support/worker";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "arena-imports-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A file written by Debian's h5py (the ADC2021 layout: Particles [N, 19, 4] float32, gzip). */
function adcFile(name: string, n: number, metScale: number): string {
  const file = path.join(tmp, name);
  execFileSync("/usr/bin/python3", [
    "-c",
    `import h5py, numpy as np, sys
rng = np.random.default_rng(${n})
p = np.zeros((${n}, 19, 4), dtype=np.float32)
p[:, 0, 0] = rng.exponential(${metScale}, ${n})
p[:, 9, 0] = rng.exponential(80.0, ${n}) + 30
p[:, 9, 1] = rng.normal(0, 1.5, ${n})
p[:, :, 3] = np.arange(19)
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("Particles", data=p, compression="gzip")
    f.create_dataset("EvtId", data=np.arange(${n}, dtype=np.int64) + 10**6)`,
    file,
  ]);
  return file;
}

const body = (file: string) => Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
const py = (script: string, ...args: string[]) =>
  execFileSync("/usr/bin/python3", ["-c", script, ...args], { encoding: "utf8" });

describe.each(testDatabases())("real-data imports on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let member: Actor;
  const slug = "imports";
  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    member = await makeUser(h.db);
    await createChallenge(h.db, org, { slug, title: "Imports", status: "published" });
    await createTeam(h.db, member, slug, { name: "Importers" });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  async function stage(file: string, name = path.basename(file)) {
    return stageImportFile(h.db, org, slug, body(file), name);
  }

  async function importBox(
    boxSlug: string,
    format: "lhco" | "adc2021" | "darkmachines",
    files: { file: string; role: "events" | "masterkey" | "background" | "signal" }[],
    extra: Record<string, unknown> = {},
  ) {
    const staged = [];
    for (const f of files) staged.push({ upload: (await stage(f.file)).upload, role: f.role });
    const { jobId } = await createImportBox(h.db, org, slug, {
      slug: boxSlug,
      title: `Imported ${boxSlug}`,
      mode: "practice",
      format,
      files: staged,
      seed: 7,
      ...extra,
    });
    await drainJobs(h.db);
    return importJobStatus(h.db, org, slug, jobId);
  }

  it("stages an LHCO file: detected, previewed from clustered jets; participants may not stage", async () => {
    const lhco = fixture("real", "lhco", "events_anomalydetection_tiny.h5");
    const s = await stage(lhco);
    expect(s).toMatchObject({ format: "lhco", role: "events", events: 1000, size: fs.statSync(lhco).size });
    expect(s.rows[0]?.slice(0, 2)).toEqual([0, 109]);
    expect(s.rows[0]?.[2]).toBeCloseTo(2623.8977, 3);
    expect(s.histograms.map((x) => x.feature)).toEqual(["mjj", "mj1", "tau21_1"]);
    expect(s.histograms[0]!.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(980);
    expect(s.counts).toEqual({ "label 0": 907, "label 1": 93 });
    expect(await codeOf(stageImportFile(h.db, member, slug, body(lhco), "x.h5"))).toBe("auth:forbidden");
  }, 60_000);

  it("imports the tiny LHCO file: h5py and pandas read the public file; scores upload and are scored", async () => {
    const st = await importBox(
      "lhco-tiny",
      "lhco",
      [{ file: fixture("real", "lhco", "events_anomalydetection_tiny.h5"), role: "events" }],
      { signals: [{ label: 1, name: "W' → XY", mass: 3500, daughterMasses: [500, 100] }] },
    );
    expect(st).toMatchObject({
      status: "completed",
      error: null,
      box: { slug: "lhco-tiny", eventCount: 1000 },
    });
    const { box } = await getBlackBox(h.db, org, slug, "lhco-tiny");
    const pub = path.join(tmp, "lhco-public.h5");
    fs.copyFileSync(blobStore().pathOf(box.publicBlob!), pub);
    // Independent reader: h5py for our layout, pandas (PyTables) for the LHCO-era frame.
    const out = JSON.parse(
      py(
        `import h5py, json, sys, pandas as pd, numpy as np
f = h5py.File(sys.argv[1], "r")
df = pd.read_hdf(sys.argv[1])
src = pd.read_hdf(sys.argv[2])
print(json.dumps({"features": list(f["events/features"].shape), "names": [n.decode() for n in f["events/feature_names"][:]],
  "ids": f["events/event_id"][:5].tolist(), "frame": list(df.shape), "same": bool(np.array_equal(df.values, src.values[:, :2100])),
  "index": df.index[:3].tolist(), "keys": sorted(f.keys())}))`,
        pub,
        fixture("real", "lhco", "events_anomalydetection_tiny.h5"),
      ),
    );
    expect(out).toEqual({
      features: [1000, 13],
      names: [...FEATURE_NAMES],
      ids: [0, 1, 2, 3, 4],
      frame: [1000, 2100],
      same: true,
      index: [0, 1, 2],
      keys: ["df", "events"],
    });
    // Labels went to the sealed truth, with the organizer's description of the signal.
    const truth = await readSealedTruth(blobStore().read(box.truthBlob!), "truth.h5");
    expect(Array.from(truth.labels).filter((l) => l === 1)).toHaveLength(93);
    expect(truth.params).toMatchObject({
      format: "lhco",
      components: [{ label: 1, n: 93, mass: 3500, name: "W' → XY" }],
      background: 907,
    });
    // Like any box: open it, upload the client fixture (scores = 1.5·label + noise) and score it.
    await transitionBlackBox(h.db, org, { challengeSlug: slug, boxSlug: "lhco-tiny" }, "open");
    const { submission } = await createSubmission(
      h.db,
      member,
      { challengeSlug: slug, boxSlug: "lhco-tiny" },
      {
        kind: "scores",
        bytes: new Uint8Array(fs.readFileSync(fixture("clients", "scores_f64.npy"))),
        fileName: "scores_f64.npy",
        method: "client fixture",
      },
    );
    await drainJobs(h.db);
    const view = (await getSubmission(h.db, member, submission.id)).submission;
    expect(view.status).toBe("scored");
    const m = view.evaluation?.metrics as {
      discovery?: { method: number; preselected: number; summary: unknown; summaryReason?: string };
      truth?: { auc: number };
    };
    // 1000 events: the LHCO import's |Δη| < 1.3 preselection and the 3–7 TeV range leave too few for
    // a background fit, and the discovery metric says so rather than giving a number.
    expect(m.discovery).toMatchObject({ method: 2 });
    expect(m.discovery!.preselected).toBeGreaterThan(0);
    expect(m.discovery!.preselected).toBeLessThan(1000);
    expect(m.discovery!.summary !== null || typeof m.discovery!.summaryReason === "string").toBe(true);
    const ref = JSON.parse(fs.readFileSync(fixture("clients", "reference_metrics.json"), "utf8"));
    expect(m.truth?.auc).toBeCloseTo(ref.roc_auc_score, 10);
  }, 180_000);

  it("imports Dark Machines CSVs: one component per signal process, MeV → GeV, no discovery metric", async () => {
    const dm = (f: string) => fixture("real", "darkmachines", f);
    const st = await importBox("dm", "darkmachines", [
      { file: dm("background_chan1_7.79_reduced.csv"), role: "background" },
      { file: dm("monotop_200_A_chan1.csv"), role: "signal" },
    ]);
    expect(st).toMatchObject({ status: "completed", box: { eventCount: 2581 } });
    const { box } = await getBlackBox(h.db, org, slug, "dm");
    const truth = await readSealedTruth(blobStore().read(box.truthBlob!), "truth.h5");
    expect(Array.from(truth.labels).filter((l) => l === 1)).toHaveLength(1581);
    expect(Array.from(truth.labels).filter((l) => l === 0)).toHaveLength(1000);
    expect(truth.params).toMatchObject({
      format: "darkmachines",
      components: [{ label: 1, name: "monotop_200_A", n: 1581 }],
      background: { njets: 864, ttbar: 58, w_jets: 36 },
    });
    // Shuffled: ids are row numbers, and the first rows are not all from the background file.
    const pf = await readPublicFeatures(blobStore().read(box.publicBlob!), "dm.h5");
    expect(pf.n).toBe(2581);
    expect(pf.names.slice(0, 3)).toEqual(["MET", "METphi", "j1_E"]);
    expect(new Set(Array.from(truth.labels.slice(0, 100))).size).toBe(2);
    const met = Array.from({ length: pf.n }, (_, i) => pf.features[i * pf.names.length] as number);
    expect(Math.max(...met)).toBeLessThan(5000); // GeV, not MeV
    // No resonance mass: scores are scored without discovery and ranked by TPR at FPR = 1e-5.
    await transitionBlackBox(h.db, org, { challengeSlug: slug, boxSlug: "dm" }, "open");
    const scores = new Float64Array(Array.from(truth.labels, (l, i) => l + ((i * 7919) % 100) / 50));
    await createSubmission(
      h.db,
      member,
      { challengeSlug: slug, boxSlug: "dm" },
      {
        kind: "scores",
        bytes: npyBytes(scores, [scores.length]),
        fileName: "s.npy",
        method: "MET",
      },
    );
    await drainJobs(h.db);
    const lb = await boxLeaderboard(h.db, null, { challengeSlug: slug, boxSlug: "dm" }, "scores");
    expect(lb.ranking).toMatchObject({ key: "tprAt1e5", label: "TPR at FPR = 10⁻⁵" });
    expect(lb.rows.map((r) => r.baseline)).toEqual([null]); // no plain bump hunt without a mass
    expect(lb.rows[0]?.values.discoveryZ).toBeUndefined();
    expect(typeof lb.rows[0]?.values.auc).toBe("number");
  }, 180_000);

  it("imports ADC2021 files: one component per signal file, mixed; EvtIds stay out of a mixed box", async () => {
    const st = await importBox("adc", "adc2021", [
      { file: adcFile("background_for_training.h5", 400, 30), role: "background" },
      { file: adcFile("Ato4l_lepFilter_13TeV.h5", 60, 90), role: "signal" },
      { file: adcFile("hToTauTau_13TeV.h5", 40, 60), role: "signal" },
    ]);
    expect(st).toMatchObject({ status: "completed", box: { eventCount: 500 } });
    const { box } = await getBlackBox(h.db, org, slug, "adc");
    const truth = await readSealedTruth(blobStore().read(box.truthBlob!), "truth.h5");
    expect(truth.params).toMatchObject({
      components: [
        { label: 1, name: "Ato4l_lepFilter_13TeV", n: 60 },
        { label: 2, name: "hToTauTau_13TeV", n: 40 },
      ],
      background: 400,
    });
    const counts = [0, 1, 2].map((k) => Array.from(truth.labels).filter((l) => l === k).length);
    expect(counts).toEqual([400, 60, 40]);
    const pf = await readPublicFeatures(blobStore().read(box.publicBlob!), "adc.h5");
    expect(pf.names).toHaveLength(57);
    expect(Array.from(truth.eventIds.slice(0, 3))).toEqual([0n, 1n, 2n]);
  }, 120_000);

  it("refuses wrong files at staging with the problem named, keeping nothing", async () => {
    const bad = path.join(tmp, "hello.txt");
    fs.writeFileSync(bad, "hello\n");
    const before = fs.existsSync(stagingDir()) ? fs.readdirSync(stagingDir()).length : 0;
    await expect(stage(bad)).rejects.toThrow(/hello\.txt: not a file this import reads/);
    const unknown = path.join(tmp, "unknown.csv");
    fs.writeFileSync(unknown, "1;njets;1;50000;0.5;j,120000,100000,0.1,0.2;tau,1,1,1,1;\n");
    await expect(stage(unknown)).rejects.toThrow(/unknown\.csv.*line 1.*tau/);
    const cut = path.join(tmp, "cut.h5");
    const src = fs.readFileSync(fixture("real", "lhco", "events_anomalydetection_tiny.h5"));
    fs.writeFileSync(cut, src.subarray(0, src.length >> 1));
    await expect(stage(cut)).rejects.toThrow(/cut\.h5/);
    expect(fs.readdirSync(stagingDir()).length).toBe(before);
  }, 60_000);

  it("a box that cannot be created (slug taken) leaves the uploads staged for another try", async () => {
    const csv = fixture("real", "darkmachines", "monotop_200_A_chan1.csv");
    const bkg = fixture("real", "darkmachines", "background_chan1_7.79_reduced.csv");
    const files = [
      { upload: (await stage(bkg)).upload, role: "background" },
      { upload: (await stage(csv)).upload, role: "signal" },
    ];
    const input = { title: "Again", format: "darkmachines", files };
    expect(await codeOf(createImportBox(h.db, org, slug, { ...input, slug: "dm" }))).toBe("conflict");
    const { jobId } = await createImportBox(h.db, org, slug, { ...input, slug: "dm-again" });
    await drainJobs(h.db);
    expect(await importJobStatus(h.db, org, slug, jobId)).toMatchObject({
      status: "completed",
      box: { slug: "dm-again", eventCount: 2581 },
    });
  }, 60_000);

  it("a build that finds the files wrong leaves no box and no blob behind", async () => {
    const key = path.join(tmp, "masterkey.txt");
    fs.writeFileSync(key, "0\n1\n".repeat(10));
    const blobsBefore = countBlobs();
    const st = await importBox("lhco-bad-key", "lhco", [
      { file: fixture("real", "lhco", "events_anomalydetection_tiny.h5"), role: "events" },
      { file: key, role: "masterkey" },
    ]);
    expect(st.status).toBe("dead");
    expect(st.error).toMatch(/masterkey\.txt.*20.*1000/);
    expect(st.box).toBeNull();
    expect(await h.db.select().from(blackBoxes).where(eq(blackBoxes.slug, "lhco-bad-key"))).toEqual([]);
    expect(countBlobs()).toBe(blobsBefore);
    // A process in both roles is refused at build time too.
    const dm = fixture("real", "darkmachines", "monotop_200_A_chan1.csv");
    const twice = await importBox("dm-twice", "darkmachines", [
      { file: dm, role: "background" },
      { file: dm, role: "signal" },
    ]);
    expect(twice).toMatchObject({ status: "dead", box: null });
    expect(twice.error).toMatch(/monotop_200_A.*background file and in a signal file/);
    // A signal description for a label the events do not have.
    const label3 = await importBox(
      "lhco-label3",
      "lhco",
      [{ file: fixture("real", "lhco", "events_anomalydetection_tiny.h5"), role: "events" }],
      { signals: [{ label: 3, mass: 4000 }] },
    );
    expect(label3).toMatchObject({ status: "dead", box: null });
    expect(label3.error).toBe("signals: label 3 is not a signal component of this import (its labels are 1)");
    const failed = await h.db.select().from(jobs).where(eq(jobs.status, "dead"));
    expect(failed.length).toBeGreaterThanOrEqual(3);
  }, 120_000);
});

describe.skipIf(!process.env.DATABASE_URL)("imports on the standalone worker (PostgreSQL)", () => {
  it("npm run worker's bundle builds an LHCO import, its jet threads included", async () => {
    const h = await createPostgresDatabase();
    const worker = await spawnWorkerBundle({ DATABASE_URL: h.url, ARENA_WORKER_POLL_MS: "50" });
    try {
      const org = await makeUser(h.db, "organizer");
      await createChallenge(h.db, org, { slug: "bundle", title: "Bundle", status: "published" });
      const file = fixture("real", "lhco", "events_anomalydetection_tiny.h5");
      const staged = await stageImportFile(h.db, org, "bundle", body(file), "tiny.h5");
      const { jobId } = await createImportBox(h.db, org, "bundle", {
        slug: "tiny",
        title: "Tiny",
        format: "lhco",
        files: [{ upload: staged.upload, role: "events" }],
      });
      await waitUntil(
        async () =>
          ["completed", "dead"].includes((await importJobStatus(h.db, org, "bundle", jobId)).status),
        90_000,
        () => worker.output(),
      );
      const st = await importJobStatus(h.db, org, "bundle", jobId);
      expect(st, worker.output()).toMatchObject({ status: "completed", box: { eventCount: 1000 } });
      // The bundle's threads cluster exactly as this process does.
      const { box } = await getBlackBox(h.db, org, "bundle", "tiny");
      const pf = await readPublicFeatures(blobStore().read(box.publicBlob!), "tiny.h5");
      const rows = await lhcoTinyRows();
      const here = await jetFeatures(rows.rows, rows.nEvents, rows.stride);
      expect(Buffer.from(Float32Array.from(pf.features).buffer).equals(Buffer.from(here.buffer))).toBe(true);
    } finally {
      await killHard(worker);
      await h.close();
    }
  }, 150_000);
});

function countBlobs(): number {
  const root = blobStore().root;
  if (!fs.existsSync(root)) return 0;
  return fs
    .readdirSync(root)
    .filter((d) => d.length === 2)
    .reduce((s, d) => s + fs.readdirSync(path.join(root, d)).filter((f) => !f.endsWith(".tmp")).length, 0);
}
