import fs from "node:fs";
import { FEATURE_NAMES } from "@/core/events";
import { readAdc2021 } from "@/core/formats/adc2021";
import { readDarkMachinesFile } from "@/core/formats/darkmachines";
import { isScoreFileError } from "@/core/formats/errors";
import { openLhco } from "@/core/formats/lhco";
import { readMasterkeyFile } from "@/core/formats/masterkey";
import { JetFeatures } from "@/core/physics/features";
import { ImportError, type ImportFormat, type ImportSource } from "./types";

/** Events clustered for an LHCO preview: enough for the distributions, quick on two cores. */
const LHCO_PREVIEW_EVENTS = 2000;
/** Events of an ADC2021 file read for its preview (16 MB of features at most). */
const ADC2021_PREVIEW_EVENTS = 70_000;
/** Events clustered between two yields to the event loop (≈ 40 ms). */
const PREVIEW_SLICE = 100;
const SHOWN_EVENTS = 5;
const BINS = 30;

export type Histogram = { feature: string; unit: string; edges: number[]; counts: number[] };

/** What the organizer sees of an uploaded file before the box is built. */
export type ImportPreview = {
  format: ImportFormat | "masterkey";
  /** The role the file most likely has; the organizer may change it. */
  role: ImportSource["role"];
  events: number;
  /** One line: what was found. */
  summary: string;
  /** The first events: column names and rows (a few features of each). */
  columns: string[];
  rows: number[][];
  histograms: Histogram[];
  /** Events per label or process, where the file says (organizers only: it is truth). */
  counts: Record<string, number>;
};

const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Detect an import file's format from its content (HDF5 with /df → LHCO, with Particles → ADC2021;
 * text with `;`-separated events → Dark Machines; one 0/1/2 per line → masterkey) and preview it:
 * the first events and the distributions of a few features (for LHCO, of jets clustered from the
 * first 2000 events). Reads the file in place.
 *
 * @throws ImportError naming the file and what was expected, when no format fits or the file is damaged.
 */
export async function previewImportFile(file: string, name: string): Promise<ImportPreview> {
  const head = Buffer.alloc(4096);
  const fd = fs.openSync(file, "r");
  const got = fs.readSync(fd, head, 0, head.length, 0);
  fs.closeSync(fd);
  if (got === 0) throw new ImportError(`${name}: the file is empty`);
  try {
    if (HDF5_MAGIC.every((b, i) => head[i] === b)) return await previewHdf5(file, name);
    const text = head.subarray(0, got).toString("utf8");
    const first = text.split(/\r?\n/)[0] ?? "";
    if (first.includes(";")) return await previewDarkMachines(file, name);
    if (/^\s*[0-2](\.0*)?\s*$/.test(first)) return await previewMasterkey(file, name);
  } catch (e) {
    if (isScoreFileError(e)) throw new ImportError(e.message);
    throw e;
  }
  throw new ImportError(
    `${name}: not a file this import reads — expected an LHC Olympics events file (HDF5 with /df), an ADC2021 file (HDF5 with Particles), a Dark Machines CSV (';'-separated events) or a masterkey (one 0/1/2 per line)`,
  );
}

async function previewHdf5(file: string, name: string): Promise<ImportPreview> {
  // The LHCO reader says "no group /df"; an ADC2021 file is the other HDF5 layout we read.
  let lhco: Awaited<ReturnType<typeof openLhco>> | undefined;
  try {
    lhco = await openLhco(file, name);
  } catch (e) {
    if (!(isScoreFileError(e) && /no group \/df/.test(e.message))) throw e;
  }
  if (!lhco) return previewAdc2021(file, name);
  try {
    const n = Math.min(lhco.events, LHCO_PREVIEW_EVENTS);
    const s = lhco.read(0, n);
    // One thread, in the request: the web process starts no worker threads. The clustering is done
    // in slices that give the event loop back in between, so other requests (and, in embedded mode,
    // the worker sharing this process) are not held up for the whole preview.
    const nf = FEATURE_NAMES.length;
    const features = new Float32Array(n * nf);
    const jets = new JetFeatures();
    for (let from = 0; from < n; from += PREVIEW_SLICE) {
      if (from > 0) await new Promise((resolve) => setImmediate(resolve));
      for (let i = from; i < Math.min(n, from + PREVIEW_SLICE); i++)
        jets.fromTriples(s.values, i * s.stride, 700, features, i * nf);
    }
    const counts: Record<string, number> = {};
    if (lhco.hasLabel)
      for (let i = 0; i < n; i++) {
        const k = `label ${s.values[i * s.stride + 2100]}`;
        counts[k] = (counts[k] ?? 0) + 1;
      }
    const rows = [];
    for (let i = 0; i < Math.min(SHOWN_EVENTS, n); i++) {
      let particles = 0;
      let sumPt = 0;
      for (let p = 0; p < 700; p++) {
        const pt = s.values[i * s.stride + 3 * p] as number;
        if (pt > 0) {
          particles++;
          sumPt += pt;
        }
      }
      const f = (k: (typeof FEATURE_NAMES)[number]) => features[i * nf + FEATURE_NAMES.indexOf(k)] as number;
      rows.push([Number(lhco.eventIds[i]), particles, sumPt, f("mjj"), f("mj1"), f("mj2"), f("tau21_1")]);
    }
    const col = (k: (typeof FEATURE_NAMES)[number]) => {
      const j = FEATURE_NAMES.indexOf(k);
      return Float64Array.from({ length: n }, (_, i) => features[i * nf + j] as number);
    };
    return {
      format: "lhco",
      role: "events",
      events: lhco.events,
      summary: `LHC Olympics events file: ${lhco.events} events × 700 particles${lhco.hasLabel ? " with a label column" : ", no labels (add the masterkey)"}; distributions from the first ${n} events`,
      columns: ["event_id", "particles", "ΣpT [GeV]", "mjj [GeV]", "mj1 [GeV]", "mj2 [GeV]", "τ21 j1"],
      rows,
      histograms: [
        histogram("mjj", "GeV", col("mjj")),
        histogram("mj1", "GeV", col("mj1")),
        histogram("tau21_1", "", col("tau21_1")),
      ],
      counts,
    };
  } finally {
    lhco.close();
  }
}

async function previewAdc2021(file: string, name: string): Promise<ImportPreview> {
  // the first events only: a training file of 4M events would be 0.9 GB of features in the request
  const e = await readAdc2021(file, name, ADC2021_PREVIEW_EVENTS);
  const nf = e.featureNames.length;
  const pick = ["MET_pt", "e1_pt", "mu1_pt", "j1_pt", "j1_eta"].filter((c) => e.featureNames.includes(c));
  const col = (c: string) => {
    const j = e.featureNames.indexOf(c);
    return Float64Array.from({ length: e.rows }, (_, i) => e.features[i * nf + j] as number);
  };
  const from = e.rows < e.events ? `; distributions from the first ${e.rows} events` : "";
  return {
    format: "adc2021",
    role: /bkg|background|sm_|SM/i.test(name) ? "background" : "signal",
    events: e.events,
    summary: `ADC2021 objects file: ${e.events} events × 19 objects (MET, 4 e, 4 μ, 10 jets)${e.hasEventIds ? " with EvtId" : ""}${from}`,
    columns: ["row", ...pick],
    rows: Array.from({ length: Math.min(SHOWN_EVENTS, e.rows) }, (_, i) => [
      i,
      ...pick.map((c) => e.features[i * nf + e.featureNames.indexOf(c)] as number),
    ]),
    histograms: [histogram("MET_pt", "GeV", col("MET_pt")), histogram("j1_pt", "GeV", col("j1_pt"))],
    counts: {},
  };
}

async function previewDarkMachines(file: string, name: string): Promise<ImportPreview> {
  const e = await readDarkMachinesFile(file, name);
  const nf = e.featureNames.length;
  const counts: Record<string, number> = {};
  for (const p of e.processIds) counts[p] = (counts[p] ?? 0) + 1;
  const pick = ["MET", "j1_pt", "j1_eta", "n_j", "n_b"].filter((c) => e.featureNames.includes(c));
  const col = (c: string) => {
    const j = e.featureNames.indexOf(c);
    return Float64Array.from({ length: e.events }, (_, i) => e.features[i * nf + j] as number);
  };
  const processes = Object.keys(counts);
  return {
    format: "darkmachines",
    role: processes.some((p) => BACKGROUND_PROCESSES.has(p)) ? "background" : "signal",
    events: e.events,
    summary: `Dark Machines CSV: ${e.events} events of ${processes.length} process${processes.length === 1 ? "" : "es"} (${processes.slice(0, 6).join(", ")}${processes.length > 6 ? ", …" : ""}); MeV converted to GeV`,
    columns: ["event_id", ...pick],
    rows: Array.from({ length: Math.min(SHOWN_EVENTS, e.events) }, (_, i) => [
      Number(e.eventIds[i]),
      ...pick.map((c) => e.features[i * nf + e.featureNames.indexOf(c)] as number),
    ]),
    histograms: [histogram("MET", "GeV", col("MET")), histogram("j1_pt", "GeV", col("j1_pt"))],
    counts,
  };
}

async function previewMasterkey(file: string, name: string): Promise<ImportPreview> {
  const labels = await readMasterkeyFile(file, name);
  const counts: Record<string, number> = {};
  for (const l of labels) counts[`label ${l}`] = (counts[`label ${l}`] ?? 0) + 1;
  return {
    format: "masterkey",
    role: "masterkey",
    events: labels.length,
    summary: `masterkey: ${labels.length} labels (${Object.entries(counts)
      .map(([k, v]) => `${v} × ${k}`)
      .join(", ")})`,
    columns: [],
    rows: [],
    histograms: [],
    counts,
  };
}

/** Standard-model processes of the Dark Machines challenge: a file holding them is background. */
const BACKGROUND_PROCESSES = new Set([
  "njets",
  "w_jets",
  "z_jets",
  "gam_jets",
  "ttbar",
  "ttbarW",
  "ttbarZ",
  "ttbarHiggs",
  "ttbarGam",
  "ttbarWW",
  "wtop",
  "wtopbar",
  "ww",
  "wz",
  "zz",
  "zw",
  "singletop",
  "singletopbar",
  "wgam",
  "zgam",
  "single_higgs",
]);

/** Equal-width bins between the 0.5th and 99.5th percentiles (tails would squash the plot). */
function histogram(feature: string, unit: string, values: Float64Array): Histogram {
  const sorted = values.filter(Number.isFinite).sort();
  if (sorted.length === 0) return { feature, unit, edges: [], counts: [] };
  const lo = sorted[Math.floor(0.005 * (sorted.length - 1))] as number;
  let hi = sorted[Math.ceil(0.995 * (sorted.length - 1))] as number;
  if (hi <= lo) hi = lo + 1;
  const w = (hi - lo) / BINS;
  const counts = new Array<number>(BINS).fill(0);
  for (const v of sorted) {
    if (v < lo || v > hi) continue;
    const b = Math.min(BINS - 1, Math.floor((v - lo) / w));
    counts[b] = (counts[b] ?? 0) + 1;
  }
  return { feature, unit, edges: Array.from({ length: BINS + 1 }, (_, i) => lo + i * w), counts };
}
