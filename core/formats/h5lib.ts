import { guardOpens } from "./h5guard";

type H5Lib = typeof import("h5wasm/node").default;
type H5Module = Awaited<H5Lib["ready"]>;

let lib: H5Lib | undefined;
let mod: H5Module | undefined;
let loading: Promise<H5Lib> | undefined;

/**
 * h5wasm, loaded on first use. Loading it costs ~40 MB under plain Node but ~600 MB of resident
 * memory under tsx (which transforms its 4 MB module), so code paths that never touch an HDF5 file —
 * scoring an .npy or CSV upload against a box's column cache — never load it. Loading installs the
 * guard on which host files HDF5 may open (`guardOpens`).
 */
export function loadH5(): Promise<H5Lib> {
  loading ??= import("h5wasm/node").then(async (m) => {
    mod = await m.default.ready;
    guardOpens(mod);
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

/** The loaded h5wasm's Emscripten module (`Module`), for the calls h5wasm's classes do not wrap. */
export function h5Module(): H5Module {
  if (!mod) throw new Error("h5wasm is used before loadH5() finished");
  return mod;
}

let blosc: Promise<H5Lib> | undefined;

/**
 * h5wasm with the Blosc filter (HDF5 filter 32001, which the LHC Olympics files use) from the
 * `h5wasm-plugins` package. Its own `install_plugins` fetch()es a file URL, which Node cannot; and the
 * Node build of h5wasm uses NODERAWFS (its file system *is* the host's), so instead of copying the
 * `.so` into the default plugin path (`/__w/…`, a host path needing root) the package's own
 * `plugins/` folder is put first on HDF5's plugin search path. Idempotent.
 *
 * @throws Error when `h5wasm-plugins` is not installed.
 * @example
 * (await (await loadH5WithBlosc()).ready).get_plugin_search_paths()[0]; // → "…/node_modules/h5wasm-plugins/plugins"
 */
export function loadH5WithBlosc(): Promise<H5Lib> {
  blosc ??= loadH5().then(async (h5wasm) => {
    const Module = await h5wasm.ready;
    const { createRequire } = process.getBuiltinModule("node:module");
    const { dirname, join } = await import("node:path");
    // Built at run time: Next's bundler would replace a literal require.resolve with a module id.
    const specifier = ["h5wasm-plugins", "package.json"].join("/");
    const pkg = createRequire(import.meta.url).resolve(specifier);
    const dir = join(dirname(pkg), "plugins");
    if (!Module.get_plugin_search_paths().includes(dir)) Module.insert_plugin_search_path(dir, 0);
    return h5wasm;
  });
  return blosc;
}
