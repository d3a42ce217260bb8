import { tmpdir } from "node:os";
import { join } from "node:path";
import type { File, Group } from "h5wasm/node";
import { allowOpens } from "./h5guard";
import { h5, loadH5 } from "./h5lib";

/** What `writePublicFile` writes: the generator's features and names plus ids and the box's identity. */
export interface PublicFileInput {
  /** Row-major [N, F]: row i holds event i's F features, in the order of `featureNames`. */
  features: Float32Array;
  featureNames: string[];
  eventIds: BigInt64Array;
  attrs: {
    slug: string;
    /** Black box version, a whole number. */
    version: number;
    /** Centre-of-mass energy, in `units`. */
    sqrtS: number;
    /** Units of √s and of the energy-like features, e.g. "GeV". */
    units: string;
  };
}

/** What `writeTruthFile` writes. `params` must be a plain object (the injected components etc.). */
export interface TruthFileInput {
  /** 0 = background, k > 0 = signal component k; one per event, in the public file's order. */
  labels: Int8Array;
  eventIds: BigInt64Array;
  params: unknown;
  /** Random, secret until reveal, e.g. `randomBytes(16).toString("hex")`; at least 16 characters. */
  salt: string;
}

// Features are stored contiguous, uncompressed: float32 features have noisy mantissas, and gzip
// (h5wasm allows one filter, so no shuffle) saved about 7% of 52 MB for 1M × 13 random values while
// writing 8× and reading a column 3× slower. Ids and labels compress well and are small: chunked + gzip.
const ID_CHUNK = 1 << 16;
const LABEL_CHUNK = 1 << 18;
const GZIP_LEVEL = 4;

// A public file must not say which events are signal: names that would hint at it are refused.
const TRUTHY_NAME = /label|truth|signal/i;

/**
 * The public black box file (DESIGN §5), as h5py reads it:
 * `/events/features` float32 [N, F] (contiguous), `/events/feature_names` F variable-length UTF-8
 * strings (h5py gives bytes; `.asstr()` or `.decode()` gives str), `/events/event_id` int64 [N] (gzip), and
 * root attributes `slug` (str), `version` (int32), `sqrt_s` (float64) and `units` (str). Nothing else:
 * no labels, no parameters. The same input gives the same bytes (see `writeHdf5`).
 *
 * @throws RangeError when the shapes disagree (features not N × F, ids not N), F = 0, a feature name
 *   is empty, repeated or mentions label/truth/signal, an event id repeats, the version is not a whole
 *   number or √s is not a positive number.
 * @example
 * const bytes = await writePublicFile({
 *   features: new Float32Array([3000, 500, 3500, 100]), featureNames: ["mjj", "mj1"],
 *   eventIds: new BigInt64Array([10n, 11n]),
 *   attrs: { slug: "lhco-rnd", version: 1, sqrtS: 13000, units: "GeV" },
 * });
 * (await readPublicFeature(bytes, "public.h5", "mj1")).values; // → Float64Array [500, 100]
 */
export async function writePublicFile(input: PublicFileInput): Promise<Uint8Array> {
  return writeHdf5(publicFileBuilder(input));
}

/**
 * Runs one synchronous piece of HDF5 work on the file being written, with the clock held still
 * (see `writeHdf5`), then gives the event loop a turn; resolves with what the work returned.
 */
export type H5Step = <T>(work: () => T) => Promise<T>;

/** Datasets added to a public file after the standard ones, written a `step` at a time. */
export type ExtraDatasets = (
  file: File,
  io: { step: H5Step; progress: (message: string) => Promise<void> | void },
) => Promise<void>;

/**
 * `writePublicFile` straight to `path` on disk (h5wasm's Node build reads and writes the real file
 * system), for files too large to hold in memory: imported LHCO boxes carry their particle arrays.
 * `extra` adds datasets after the standard ones (it must not add anything truth-like); it does all its
 * HDF5 work through `step`, so that a write of minutes leaves the event loop free between steps (a
 * job's lease heartbeat, the web server of an embedded deployment), and reports through `progress`.
 * On failure the file is removed.
 */
export async function writePublicFileAt(
  path: string,
  input: PublicFileInput,
  extra?: ExtraDatasets,
  progress: (message: string) => Promise<void> | void = () => {},
): Promise<void> {
  const build = publicFileBuilder(input);
  await writeHdf5(async (file, step) => {
    await step(() => build(file));
    await extra?.(file, { step, progress });
  }, path);
}

function publicFileBuilder(input: PublicFileInput): (file: File) => void {
  const { features, featureNames, eventIds, attrs } = input;
  const f = featureNames.length;
  const n = eventIds.length;
  if (f === 0) throw new RangeError("a public file needs at least one feature name");
  if (features.length !== n * f) {
    throw new RangeError(
      `features holds ${features.length} values but ${n} events × ${f} features need ${n * f}`,
    );
  }
  if (new Set(featureNames).size !== f)
    throw new RangeError(`feature names repeat: ${featureNames.join(", ")}`);
  for (const name of featureNames) {
    if (name === "") throw new RangeError("a feature name is empty");
    if (TRUTHY_NAME.test(name)) {
      throw new RangeError(`feature '${name}' looks like truth; a public file holds no labels`);
    }
  }
  if (!Number.isInteger(attrs.version))
    throw new RangeError(`version must be a whole number, got ${attrs.version}`);
  if (!(Number.isFinite(attrs.sqrtS) && attrs.sqrtS > 0)) {
    throw new RangeError(`√s must be a positive number, got ${attrs.sqrtS}`);
  }
  checkUniqueIds(eventIds);

  return (file) => {
    const events = file.create_group("events");
    dataset(events, "features", features, [n, f], "<f", null);
    checked(events, "feature_names", events.create_dataset({ name: "feature_names", data: featureNames }));
    dataset(events, "event_id", eventIds, [n], "<q", [Math.min(n, ID_CHUNK)]);
    file.create_attribute("slug", attrs.slug);
    file.create_attribute("version", attrs.version, null, "<i");
    file.create_attribute("sqrt_s", attrs.sqrtS, null, "<d");
    file.create_attribute("units", attrs.units);
  };
}

/**
 * The sealed truth file (DESIGN §5): `/truth/label` int8 [N], `/truth/event_id` int64 [N] (both
 * chunked, gzip) and the root attribute `params`, the JSON text of `{ ...params, salt }` (the salt
 * replaces any `salt` key in params). Its SHA-256 is the commitment shown while the box is open; the
 * salt keeps that hash from being confirmed by guessing the parameters. Same input, same bytes.
 *
 * @throws RangeError when labels and ids differ in number, a label is negative, an id repeats or the
 *   salt is shorter than 16 characters; TypeError when params is not a plain object.
 * @example
 * const bytes = await writeTruthFile({
 *   labels: new Int8Array([0, 1]), eventIds: new BigInt64Array([10n, 11n]),
 *   params: { components: [{ process: "Wprime", mass: 3500 }] }, salt: "9f2c4e1a7b3d5f60",
 * });
 * (await readSealedTruth(bytes, "truth.h5")).params;
 * // → { components: [{ process: "Wprime", mass: 3500 }], salt: "9f2c4e1a7b3d5f60" }
 */
export async function writeTruthFile(input: TruthFileInput): Promise<Uint8Array> {
  const { labels, eventIds, params, salt } = input;
  const n = labels.length;
  if (eventIds.length !== n) throw new RangeError(`${n} labels but ${eventIds.length} event ids`);
  const negative = labels.findIndex((v) => v < 0);
  if (negative >= 0) throw new RangeError(`label ${negative} is ${labels[negative]}; labels are 0 or k > 0`);
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    throw new TypeError("params must be a plain object");
  }
  if (salt.length < 16) throw new RangeError("the salt must be at least 16 characters");
  checkUniqueIds(eventIds);
  const json = JSON.stringify({ ...params, salt });

  return writeHdf5((file) => {
    const truth = file.create_group("truth");
    dataset(truth, "label", labels, [n], "<b", [Math.min(n, LABEL_CHUNK)]);
    dataset(truth, "event_id", eventIds, [n], "<q", [Math.min(n, ID_CHUNK)]);
    file.create_attribute("params", json);
  });
}

let writes = 0;

/**
 * HDF5 stamps each object header with access/modify/change/birth times (`H5Pset_obj_track_times`,
 * on by default and not reachable through h5wasm 0.10). Those times come from the wasm module's
 * realtime clock, which is `Date.now()`; pinning it to 0 while HDF5 works writes 1970-01-01
 * everywhere, so the same input gives byte-identical files (and stable commitments). Only while it
 * works, synchronously: code that runs between the steps of a long write sees the real clock.
 */
function clockHeld<T>(work: () => T): T {
  const before = Date.now;
  Date.now = () => 0;
  try {
    return work();
  } finally {
    Date.now = before;
  }
}

const heldStep: H5Step = async (work) => {
  const done = clockHeld(work);
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
};

/**
 * Build a new HDF5 file in h5wasm's in-memory file system and return its bytes; the file is always
 * closed and deleted. `build` does its HDF5 work synchronously or through `step` (see `clockHeld`).
 */
async function writeHdf5(build: (file: File, step: H5Step) => void | Promise<void>): Promise<Uint8Array>;
async function writeHdf5(
  build: (file: File, step: H5Step) => void | Promise<void>,
  target: string,
): Promise<undefined>;
async function writeHdf5(
  build: (file: File, step: H5Step) => void | Promise<void>,
  target?: string,
): Promise<Uint8Array | undefined> {
  const Module = await (await loadH5()).ready;
  // h5wasm's Node build works on the real file system (NODERAWFS): a temporary file, not the root.
  const path = target ?? join(tmpdir(), `arena-write-${process.pid}-${++writes}.h5`);
  // An import's source file may be open meanwhile, confining HDF5's opens (see `allowOpens`).
  const grant = allowOpens(path);
  let file: File | undefined;
  try {
    // h5wasm does not throw when H5Fcreate fails: it hands back a File whose id is negative.
    const created = clockHeld(() => new (h5().File)(path, "w"));
    if (created.file_id < 0n) throw new Error(`HDF5 could not create ${path}`);
    file = created;
    await clockHeld(() => build(created, heldStep));
    clockHeld(() => created.close());
    file = undefined;
    if (target) return;
    return Module.FS.readFile(path);
  } catch (e) {
    if (target && Module.FS.analyzePath(path).exists) Module.FS.unlink(path);
    throw e;
  } finally {
    const open = file;
    if (open) clockHeld(() => open.close());
    if (!target && Module.FS.analyzePath(path).exists) Module.FS.unlink(path);
    grant.release();
  }
}

/**
 * A dataset, gzip-compressed in `chunks` when given; contiguous when `chunks` is null or the data is
 * empty (HDF5 refuses zero-sized chunks).
 */
function dataset(
  group: Group,
  name: string,
  data: Float32Array | Int8Array | BigInt64Array,
  shape: number[],
  dtype: string,
  chunks: number[] | null,
) {
  const gzip = chunks !== null && !shape.includes(0);
  const created = group.create_dataset({
    name,
    data,
    shape,
    dtype,
    ...(gzip ? { chunks, compression: "gzip" as const, compression_opts: GZIP_LEVEL } : {}),
  });
  checked(group, name, created);
}

// h5wasm reports a failed H5Dcreate on the console and hands back `get(name)`, which is then null.
function checked(group: Group, name: string, created: unknown) {
  if (!(created instanceof h5().Dataset)) throw new Error(`HDF5 could not write ${group.path}/${name}`);
}

function checkUniqueIds(ids: BigInt64Array) {
  const sorted = ids.slice().sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw new RangeError(`event id ${sorted[i]} appears more than once`);
  }
}
