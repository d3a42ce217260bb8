type H5Lib = typeof import("h5wasm/node").default;

let lib: H5Lib | undefined;
let loading: Promise<H5Lib> | undefined;

/**
 * h5wasm, loaded on first use. Loading it costs ~40 MB under plain Node but ~600 MB of resident
 * memory under tsx (which transforms its 4 MB module), so code paths that never touch an HDF5 file —
 * scoring an .npy or CSV upload against a box's column cache — never load it.
 */
export function loadH5(): Promise<H5Lib> {
  loading ??= import("h5wasm/node").then(async (m) => {
    await m.default.ready;
    lib = m.default;
    return lib;
  });
  return loading;
}

/** The loaded h5wasm, for synchronous code that runs inside a loadH5()-awaiting caller. */
export function h5(): H5Lib {
  if (!lib) throw new Error("h5wasm is used before loadH5() finished");
  return lib;
}
