import { h5 } from "@/core/formats/h5lib";
import { ScoreFileError } from "@/core/formats/errors";
import { withHdf5File } from "@/core/formats/hdf5";

/** Rows per HDF5 read: keeps the copy in h5wasm's heap to a few MB whatever the box size. */
const SLICE_ROWS = 1 << 16;

export type PublicFeatures = {
  /** Row-major [n, names.length], in file order; the file's float precision. */
  features: Float32Array | Float64Array;
  names: string[];
  n: number;
};

/**
 * Every feature of a public black box file (DESIGN §5: `/events/features` float [N, F] with
 * `/events/feature_names`), read in row slices. The I/O half of the baselines: the numerics in this
 * folder take the returned arrays.
 *
 * @throws ScoreFileError `upload:unknown_dataset` when a dataset is missing, `upload:bad_shape` when
 *   the shape and the names disagree, `upload:corrupt` when HDF5 cannot read it.
 */
export async function readPublicFeatures(bytes: Uint8Array, fileName: string): Promise<PublicFeatures> {
  return withHdf5File(bytes, fileName, (file) => {
    const namesDs = file.get("events/feature_names");
    const ds = file.get("events/features");
    if (!(namesDs instanceof h5().Dataset) || !(ds instanceof h5().Dataset)) {
      throw new ScoreFileError(
        "upload:unknown_dataset",
        `${fileName}: a public black box file holds /events/features and /events/feature_names`,
      );
    }
    const names = (namesDs.value as string[]).map(String);
    const [n, f] = (ds.shape ?? []) as number[];
    if (n === undefined || f !== names.length) {
      throw new ScoreFileError(
        "upload:bad_shape",
        `${fileName}: /events/features has shape [${ds.shape?.join(", ")}] but there are ${names.length} feature names`,
      );
    }
    let features: Float32Array | Float64Array = new Float32Array(0);
    for (let i0 = 0; i0 < n; i0 += SLICE_ROWS) {
      const i1 = Math.min(n, i0 + SLICE_ROWS);
      const part = ds.slice([
        [i0, i1],
        [0, f],
      ]) as Float32Array | Float64Array;
      if (i0 === 0)
        features = part instanceof Float64Array ? new Float64Array(n * f) : new Float32Array(n * f);
      features.set(part, i0 * f);
    }
    return { features, names, n };
  });
}
