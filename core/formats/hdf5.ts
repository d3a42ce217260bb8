import { accessSync, constants } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Dataset, File } from "h5wasm/node";
import { allowOpens } from "./h5guard";
import { h5, loadH5 } from "./h5lib";
import { arrayRow, type RawScores, toEventIds, toFloat64 } from "./columns";
import { ScoreFileError } from "./errors";
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from "./gzip";
import { datasetPaths, describeType, ID_NAMES, ReadBudget, readColumn, SCORE_NAMES } from "./h5data";
import { checkDeflateStreams } from "./h5streams";
import { readPandas } from "./pandas";

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * `\x89HDF\r\n\x1a\n`. The superblock may sit after a user block, at 0, 512, 1024, 2048, … (HDF5 file
 * format spec §III.A), so every such offset is checked. Never throws.
 *
 * @example
 * isHdf5(readFileSync("../shared/fixtures/clients/scores_h5py.h5")); // → true
 */
export function isHdf5(bytes: Uint8Array): boolean {
  for (let at = 0; at + 8 <= bytes.length; at = at === 0 ? 512 : at * 2) {
    if (SIGNATURE.every((b, i) => bytes[at + i] === b)) return true;
  }
  return false;
}

let uploads = 0;

/**
 * Read an HDF5 score file through h5wasm (deflate/shuffle built in; Blosc and other plugin filters
 * are refused with the filter named). Layouts, in this order:
 * 1. h5py: a root dataset `scores` (or `score`) of N numbers, shape [N] or [N,1], plus optionally a
 *    root `event_id` (or `event_ids`, `id`, `ids`) of N integers;
 * 2. pandas `to_hdf`, fixed or table format, DataFrame or Series, at any key (see `readPandas`).
 * Names are matched case-insensitively; `valueNames` replaces the score names (e.g. labels).
 * The id and score datasets are not checked to have the same length. Every dataset read must fit
 * `maxBytes` (decoded, all together) by its declared shape and chunk shape, checked before HDF5
 * decodes it (see `ReadBudget`), and the file's deflate streams must inflate to no more than that
 * either, checked before HDF5 opens it (see `checkDeflateStreams`).
 *
 * @throws ScoreFileError `upload:too_large` (declared sizes past `maxBytes`), `upload:unknown_dataset` listing every dataset found and the accepted names,
 *   `upload:corrupt` when HDF5 cannot open or decode it, `upload:bad_shape`, `upload:unsupported_dtype`,
 *   `upload:bad_id`.
 * @example
 * (await readHdf5(readFileSync("../shared/fixtures/clients/scores_h5py.h5"), "s.h5")).details;
 * // → { layout: "h5py", scores: "/scores", eventId: "/event_id" }
 */
export async function readHdf5(
  bytes: Uint8Array,
  fileName: string,
  valueNames: string[] = SCORE_NAMES,
  maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES,
): Promise<RawScores> {
  // Cheapest first: declared sizes (metadata only), then the deflate streams, then the data.
  await withHdf5File(bytes, fileName, (file) => {
    for (const p of datasetPaths(file))
      new ReadBudget(fileName, maxBytes).take(file.get(p) as Dataset, `/${p}`);
  });
  await checkDeflateStreams(bytes, maxBytes, fileName);
  const budget = new ReadBudget(fileName, maxBytes);
  return withHdf5File(bytes, fileName, (file) => readLayout(file, fileName, valueNames, budget));
}

/**
 * Open HDF5 bytes read-only through h5wasm, run `read` on the file, and always close and delete it.
 * A `ScoreFileError` from `read` passes through.
 *
 * While the file is open, HDF5 may open no file for it but this one (`allowOpens`): an HDF5 file can
 * name others — a dataset's external raw-data files (EFL, any host path and offset), a virtual
 * dataset's sources — and h5wasm's Node build opens them on the host's real file system. Unchecked,
 * an upload could read any file the server can, the sealed truth blob included (its path follows
 * from the published commitment), as its "scores". A read that needed another file fails, naming
 * the dataset.
 *
 * @throws ScoreFileError `upload:corrupt` naming the file for any other failure to open or read.
 * @example
 * await withHdf5File(readFileSync("../shared/fixtures/clients/scores_h5py.h5"), "s.h5", (f) => f.keys()); // → ["event_id", "scores"]
 */
export async function withHdf5File<T>(
  bytes: Uint8Array,
  fileName: string,
  read: (file: File) => T,
): Promise<T> {
  const Module = await (await loadH5()).ready;
  // h5wasm's Node build works on the real file system (NODERAWFS): a unique temporary file per upload.
  const path = join(tmpdir(), `arena-upload-${process.pid}-${++uploads}.h5`);
  const grant = allowOpens(path);
  try {
    Module.FS.writeFile(path, bytes);
  } catch (e) {
    grant.release();
    throw e;
  }
  let file: File | undefined;
  try {
    // h5wasm does not throw when H5Fopen fails: it hands back a File whose id is negative.
    const opened = new (h5().File)(path, "r");
    if (opened.file_id < 0n) {
      throw new ScoreFileError(
        "upload:corrupt",
        `${fileName}: HDF5 could not open it; the file may be cut off or damaged, send it again`,
      );
    }
    file = opened;
    grant.bind(file.file_id);
    return read(file);
  } catch (e) {
    if (e instanceof ScoreFileError) throw e;
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: HDF5 could not read it (${(e as Error).message}); the file may be cut off, send it again`,
    );
  } finally {
    file?.close();
    Module.FS.unlink(path);
    grant.release();
  }
}

/**
 * Open an HDF5 file on disk read-only, in place: h5wasm's Node build mounts the host file system
 * (NODERAWFS), so HDF5 reads only the chunks asked for and files far beyond the 2 GB wasm heap work.
 * The caller closes the file. Plugin filters must be registered first (`loadH5WithBlosc`).
 *
 * Until the file is closed, HDF5 may open no other file for it (`allowOpens`, as `withHdf5File`):
 * virtual datasets are refused here from their metadata, and a read of data kept in external files
 * (EFL) fails naming the dataset, so an import cannot read another challenge's sealed truth.
 *
 * @throws Error (ENOENT …) when the path cannot be read; ScoreFileError `upload:corrupt` when HDF5
 *   cannot open it (not HDF5, cut off, damaged), `upload:unsupported_dtype` naming a virtual dataset.
 * @example
 * (await openHdf5Path("../shared/fixtures/real/adc2021/PIPPO.h5", "PIPPO.h5")).keys(); // → ["Result"]
 */
export async function openHdf5Path(filePath: string, fileName: string): Promise<File> {
  await loadH5();
  const abs = resolve(filePath);
  // Fail with the OS's own message (ENOENT, EACCES) rather than HDF5's generic one.
  accessSync(abs, constants.R_OK);
  const grant = allowOpens(abs);
  let file: File;
  try {
    file = new (h5().File)(abs, "r");
  } catch (e) {
    grant.release();
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: HDF5 could not open it (${(e as Error).message})`,
    );
  }
  // h5wasm does not throw when H5Fopen fails: it hands back a File whose id is negative.
  if (file.file_id < 0n) {
    grant.release();
    throw new ScoreFileError(
      "upload:corrupt",
      `${fileName}: HDF5 could not open it; the file is not HDF5, or is cut off or damaged`,
    );
  }
  grant.bind(file.file_id);
  const close = file.close.bind(file);
  file.close = () => {
    try {
      return close();
    } finally {
      grant.release();
    }
  };
  try {
    refuseVirtual(file, fileName);
  } catch (e) {
    file.close();
    throw e;
  }
  return file;
}

/** @throws ScoreFileError `upload:unsupported_dtype` naming the first virtual dataset in `file`. */
function refuseVirtual(file: File, fileName: string): void {
  for (const p of datasetPaths(file)) {
    if ((file.get(p) as Dataset).metadata.virtual_sources?.length) {
      throw new ScoreFileError(
        "upload:unsupported_dtype",
        `${fileName}: /${p} is a virtual dataset (its data lives in other files), which imports do not read; write the data itself into the file`,
        { dataset: `/${p}` },
      );
    }
  }
}

function readLayout(file: File, fileName: string, valueNames: string[], budget: ReadBudget): RawScores {
  const rootNames = file.keys();
  const scoreKey = rootNames.find((k) => valueNames.includes(k.toLowerCase()));
  const scoreDs = scoreKey === undefined ? null : file.get(scoreKey);
  if (scoreKey && scoreDs instanceof h5().Dataset) {
    const scores = toFloat64(readColumn(scoreDs, `/${scoreKey}`, fileName, budget));
    const idKey = rootNames.find((k) => ID_NAMES.includes(k.toLowerCase()));
    const idDs = idKey === undefined ? null : file.get(idKey);
    const eventIds =
      idKey && idDs instanceof h5().Dataset
        ? toEventIds(readColumn(idDs, `/${idKey}`, fileName, budget), fileName)
        : undefined;
    const details = { layout: "h5py", scores: `/${scoreKey}`, eventId: eventIds && `/${idKey}` };
    return { scores, eventIds, format: "hdf5", rowLabel: arrayRow, details };
  }
  const pandas = readPandas(file, fileName, valueNames, budget);
  if (pandas) return pandas;
  throw new ScoreFileError(
    "upload:unknown_dataset",
    `${fileName}: no scores found. It holds ${describeDatasets(file)}. Accepted: a dataset named 'scores' (optionally with 'event_id') at the root, as h5py writes it, or a pandas DataFrame saved with to_hdf with a column named 'score'`,
    { datasets: datasetPaths(file), accepted: { scores: valueNames, eventId: ID_NAMES } },
  );
}

function describeDatasets(file: File): string {
  const found = datasetPaths(file).map((p) => {
    const ds = file.get(p) as Dataset;
    return `/${p} ${describeType(ds.metadata.type)} [${(ds.shape ?? []).join(", ")}]`;
  });
  return found.length === 0 ? "no datasets" : `the datasets ${found.join(", ")}`;
}
