import type { File } from "h5wasm/node";
import { h5 } from "./h5lib";
import { toEventIds, toFloat64 } from "./columns";
import { ScoreFileError } from "./errors";
import { readNumeric } from "./h5data";
import { withHdf5File } from "./hdf5";

/** A dataset at `where`, or an `upload:unknown_dataset` error saying what the file must hold. */
function dataset(file: File, where: string, fileName: string, what: string) {
  const ds = file.get(where);
  if (!(ds instanceof h5().Dataset)) {
    throw new ScoreFileError("upload:unknown_dataset", `${fileName}: has no dataset /${where}; ${what}`, {
      dataset: `/${where}`,
    });
  }
  return ds;
}

/**
 * One feature column of a public black box file (DESIGN §5): `/events/features` [N, F],
 * `/events/feature_names` (F strings), `/events/event_id` [N], as h5py writes them. Reads only that
 * column; one event id per row.
 *
 * @throws ScoreFileError `upload:unknown_dataset` naming the missing dataset or feature (listing the
 *   features present), `upload:bad_shape` when features is not [N, F] or the ids are not N, else as `withHdf5File`/`toEventIds`.
 * @example
 * // features [[3000, 500], [3500, 100], [2500, 80]], feature_names [mjj, mj1], event_id [10, 11, 12]
 * await readPublicFeature(bytes, "public.h5", "mj1");
 * // → { values: Float64Array [500, 100, 80], eventIds: BigInt64Array [10n, 11n, 12n] }
 */
export async function readPublicFeature(bytes: Uint8Array, fileName: string, feature: string | null) {
  return withHdf5File(bytes, fileName, (file) => {
    const what = "a public black box file holds /events/features, /events/feature_names and /events/event_id";
    const names = (dataset(file, "events/feature_names", fileName, what).value as string[]).map(String);
    // feature null: the event ids only (values empty), for boxes without a mass feature.
    const j = feature === null ? -1 : names.indexOf(feature);
    if (feature !== null && j < 0) {
      throw new ScoreFileError(
        "upload:unknown_dataset",
        `${fileName}: has no feature '${feature}'; its features are ${names.join(", ")}`,
        { features: names },
      );
    }
    const features = dataset(file, "events/features", fileName, what);
    const [n, f] = (features.shape ?? []) as number[];
    if (n === undefined || f !== names.length) {
      throw new ScoreFileError(
        "upload:bad_shape",
        `${fileName}: /events/features has shape [${features.shape?.join(", ")}] but there are ${names.length} feature names`,
      );
    }
    const column =
      j < 0
        ? new Float64Array(0)
        : (features.slice([
            [0, n],
            [j, j + 1],
          ]) as Float32Array | Float64Array);
    const eventIds = toEventIds(
      readNumeric(dataset(file, "events/event_id", fileName, what), "/events/event_id", fileName),
      fileName,
    );
    if (eventIds.length !== n) {
      throw new ScoreFileError(
        "upload:bad_shape",
        `${fileName}: /events/features has ${n} rows but /events/event_id has ${eventIds.length}`,
      );
    }
    return { values: toFloat64(column), eventIds };
  });
}

/**
 * A sealed truth file (DESIGN §5): `/truth/label` int [N] (0 = background, k = signal component k),
 * `/truth/event_id` [N], and the injected parameters as JSON in the `params` attribute (of the root
 * or of /truth; `params` undefined when absent). Labels must be whole numbers ≥ 0, one id per label.
 *
 * @throws ScoreFileError `upload:unknown_dataset` for a missing dataset, `upload:bad_label` for a bad
 *   label (`upload:bad_id` for a bad id), `upload:bad_shape` when ids and rows differ in number, `upload:unsupported_dtype` for a non-numeric dataset, `upload:corrupt` when `params`
 *   is not JSON or the file does not open.
 * @example
 * // truth/label int8 [0, 1, 0, 2], truth/event_id [0, 1, 2, 3], attrs.params '{"components": []}'
 * await readSealedTruth(bytes, "truth.h5");
 * // → { labels: Int32Array [0, 1, 0, 2], eventIds: BigInt64Array [0n, 1n, 2n, 3n], params: { components: [] } }
 */
export async function readSealedTruth(bytes: Uint8Array, fileName: string) {
  return withHdf5File(bytes, fileName, (file) => {
    const what = "a sealed truth file holds /truth/label and /truth/event_id";
    const raw = toFloat64(
      readNumeric(dataset(file, "truth/label", fileName, what), "/truth/label", fileName),
    );
    const labels = Int32Array.from(raw, (v, i) => {
      if (!Number.isInteger(v) || v < 0) {
        throw new ScoreFileError(
          "upload:bad_label",
          `${fileName}: /truth/label row ${i} is ${v}; labels are 0 or k > 0`,
        );
      }
      return v;
    });
    const eventIds = toEventIds(
      readNumeric(dataset(file, "truth/event_id", fileName, what), "/truth/event_id", fileName),
      fileName,
    );
    if (eventIds.length !== labels.length) {
      throw new ScoreFileError(
        "upload:bad_shape",
        `${fileName}: /truth/label has ${labels.length} rows but /truth/event_id has ${eventIds.length}`,
      );
    }
    const truthGroup = file.get("truth");
    const attr =
      file.attrs.params ?? (truthGroup instanceof h5().Group ? truthGroup.attrs.params : undefined);
    let params: unknown;
    if (attr) {
      try {
        params = JSON.parse(String(attr.value));
      } catch {
        throw new ScoreFileError("upload:corrupt", `${fileName}: the 'params' attribute is not valid JSON`);
      }
    }
    return { labels, eventIds, params };
  });
}
