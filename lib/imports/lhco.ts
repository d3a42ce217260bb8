import type { Dataset, File } from "h5wasm/node";
import type { ExtraDatasets } from "@/core/formats/blackbox-write";
import { FEATURE_NAMES, SQRT_S_GEV } from "@/core/events";
import { h5 } from "@/core/formats/h5lib";
import { type LhcoFile, openLhco } from "@/core/formats/lhco";
import { checkMasterkeyLength, readMasterkeyFile } from "@/core/formats/masterkey";
import { jetFeatures } from "@/core/physics/parallel";
import { unitsOf } from "./mix";
import { checkRoles, sourceOf } from "./sources";
import { type BoxEvents, ImportError, type ImportSource } from "./types";

/** Events clustered per slice: 4096 × 2101 float64 = 69 MB read at a time. */
const SLICE = 4096;
/** Rows per chunk of the particle block in the public file (gzip; h5py and pandas read it). */
const PARTICLE_CHUNK_ROWS = 64;
const PARTICLE_COLUMNS = 2100;
/**
 * Rows of particle arrays copied per step (a multiple of PARTICLE_CHUNK_ROWS): ~17 MB read, label
 * column dropped and gzipped, a fraction of a second, before the event loop gets a turn.
 */
const PARTICLE_STEP_ROWS = 1024;
/** Steps between two progress lines while the particle arrays are written. */
const STEPS_PER_PROGRESS = 8;

/**
 * An LHC Olympics 2020 box: the events file (pandas fixed format, Blosc) read in slices, each slice's
 * events clustered into the 13 jet features of generated boxes (core/physics: anti-kT R = 1, two
 * leading jets, N-subjettiness) on all cores. Labels: the masterkey when given (0/1/2: the black
 * boxes' files come without labels), else the file's label column. Row order is the file's and
 * `event_id` is the row index in the source file (`/df/axis1`), so masterkeys and published results
 * line up. The public file also carries the particle arrays, without the label column, as the pandas
 * DataFrame `/df` of the original layout: `pd.read_hdf(public_file)` gives participants the frame
 * LHCO-era code expects (no label column: that is in the sealed truth).
 */
export async function importLhco(
  sources: ImportSource[],
  options: {
    threads?: number;
    progress: (m: string) => Promise<void> | void;
    /** Rows of particle arrays written per step (default 1024; tests use fewer). */
    particleStepRows?: number;
  },
): Promise<BoxEvents> {
  checkRoles(sources, "lhco");
  const events = sourceOf(sources, "events", "lhco") as ImportSource;
  const masterkey = sourceOf(sources, "masterkey", "lhco", true);
  const file = await openLhco(events.path, events.name);
  let keep = false;
  try {
    const n = file.events;
    if (n === 0) throw new ImportError(`${events.name}: holds no events`);
    let labels: Int8Array;
    if (masterkey) {
      labels = await readMasterkeyFile(masterkey.path, masterkey.name);
      checkMasterkeyLength(labels, n, masterkey.name);
    } else if (file.hasLabel) {
      labels = new Int8Array(n);
    } else {
      throw new ImportError(
        `${events.name}: has 2100 columns (no label column) and no masterkey was given; add the box's masterkey file (one label per event)`,
      );
    }
    const nf = FEATURE_NAMES.length;
    const features = new Float32Array(n * nf);
    // one shared buffer for every slice, which the jet threads read in place: a new 69 MB one per
    // slice piled up faster than the collector freed them (1 GB of ArrayBuffers, multi-second pauses)
    let shared: Float64Array<ArrayBufferLike> = new Float64Array(0);
    for await (const s of file.slices(SLICE)) {
      const rows = s.end - s.start;
      if (shared.length < s.values.length)
        shared = new Float64Array(new SharedArrayBuffer(s.values.byteLength));
      const block = shared.subarray(0, s.values.length);
      block.set(s.values);
      // worker threads only: this thread's event loop (a web server in embedded mode) stays free
      features.set(
        await jetFeatures(block, rows, s.stride, options.threads, { mainThread: false }),
        s.start * nf,
      );
      if (!masterkey)
        for (let i = 0; i < rows; i++) labels[s.start + i] = s.values[i * s.stride + 2100] as number;
      await options.progress(`clustering jets: ${s.end} of ${n} events`);
    }
    const counts = new Map<number, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    keep = true;
    return {
      features,
      featureNames: [...FEATURE_NAMES],
      units: unitsOf(FEATURE_NAMES),
      eventIds: file.eventIds,
      labels,
      sqrtS: SQRT_S_GEV,
      params: {
        format: "lhco",
        sources: sources.map((s) => ({ file: s.name, role: s.role })),
        components: [...counts.keys()]
          .filter((l) => l > 0)
          .sort((a, b) => a - b)
          .map((label) => ({ label, name: `signal ${label}`, n: counts.get(label) ?? 0 })),
        background: counts.get(0) ?? 0,
        jets: "anti-kT R = 1.0, E-scheme, massless particles; N-subjettiness β = 1 on exclusive-kT axes",
      },
      extra: (out, io) => writeParticleFrame(out, file, io, options.particleStepRows ?? PARTICLE_STEP_ROWS),
      close: () => file.close(),
    };
  } finally {
    if (!keep) file.close();
  }
}

/**
 * The particle arrays as pandas writes `DataFrame.to_hdf(key="df")` in fixed format (checked against
 * the LHCO file itself): group `/df` with attributes pandas_type "frame", pandas_version "0.15.2",
 * ndim 2, nblocks 1; `axis0`/`block0_items` = column labels 0…2099, `axis1` = the event ids (the
 * source row index), `block0_values` float64 [N, 2100] stored row-major with `transposed` = 1; gzip
 * instead of Blosc, so h5py and pandas read it without plugins. Copied `stepRows` rows per step: a
 * 1M-event file is 17 GB of particles and minutes of work, and between steps the event loop runs (the
 * job's lease heartbeat; in embedded mode, the web server), with a progress line every few steps.
 */
async function writeParticleFrame(
  out: File,
  file: LhcoFile,
  io: Parameters<ExtraDatasets>[1],
  stepRows: number,
): Promise<void> {
  const n = file.events;
  const frame = await io.step(() => createParticleFrame(out, file));
  for (let start = 0, steps = 1; start < n; start += stepRows, steps++) {
    const end = Math.min(n, start + stepRows);
    await io.step(() => copyParticleRows(frame, file, start, end));
    if (steps % STEPS_PER_PROGRESS === 0 || end === n)
      await io.progress(`writing the particle arrays: ${end} of ${n} events`);
  }
}

/** The `/df` group, its index datasets and the empty, resizable `block0_values` (returned). */
function createParticleFrame(out: File, file: LhcoFile): Dataset {
  const n = file.events;
  const df = out.create_group("df");
  for (const [k, v] of Object.entries({
    pandas_type: "frame",
    pandas_version: "0.15.2",
    encoding: "UTF-8",
    errors: "strict",
    axis0_variety: "regular",
    axis1_variety: "regular",
    block0_items_variety: "regular",
  }))
    df.create_attribute(k, v);
  df.create_attribute("ndim", 2, null, "<i");
  df.create_attribute("nblocks", 1, null, "<i");
  const columns = BigInt64Array.from({ length: PARTICLE_COLUMNS }, (_, i) => BigInt(i));
  const index = (name: string, data: BigInt64Array) => {
    const ds = df.create_dataset({ name, data, shape: [data.length], dtype: "<q" });
    if (!(ds instanceof h5().Dataset)) throw new Error(`HDF5 could not write /df/${name}`);
    ds.create_attribute("kind", "integer");
    ds.create_attribute("name", "N.");
    ds.create_attribute("transposed", 1, null, "<i");
  };
  index("axis0", columns);
  index("axis1", file.eventIds);
  index("block0_items", columns);
  const values = df.create_dataset({
    name: "block0_values",
    // h5wasm wants the data with the shape: start empty and resizable, then grow to N rows.
    data: new Float64Array(0),
    shape: [0, PARTICLE_COLUMNS],
    maxshape: [null, PARTICLE_COLUMNS],
    dtype: "<d",
    chunks: [Math.min(n, PARTICLE_CHUNK_ROWS), PARTICLE_COLUMNS],
    compression: "gzip",
    compression_opts: 4,
  });
  if (!(values instanceof h5().Dataset)) throw new Error("HDF5 could not write /df/block0_values");
  values.resize([n, PARTICLE_COLUMNS]);
  values.create_attribute("transposed", 1, null, "<i");
  return values;
}

/** Source rows [start, end) into the frame, without the label column: the public file holds no truth. */
function copyParticleRows(values: Dataset, file: LhcoFile, start: number, end: number): void {
  const s = file.read(start, end);
  let part = s.values;
  if (s.stride !== PARTICLE_COLUMNS) {
    part = new Float64Array((end - start) * PARTICLE_COLUMNS);
    for (let i = 0; i < end - start; i++)
      part.set(s.values.subarray(i * s.stride, i * s.stride + PARTICLE_COLUMNS), i * PARTICLE_COLUMNS);
  }
  values.write_slice(
    [
      [start, end],
      [0, PARTICLE_COLUMNS],
    ],
    part,
  );
}
