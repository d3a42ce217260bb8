import { resolve, sep } from "node:path";

/**
 * Which host files HDF5 may open. An HDF5 file can name others — a dataset's external raw-data files
 * (EFL, any host path and offset), a virtual dataset's sources, external links — and h5wasm's Node
 * build (NODERAWFS) opens them on the host's real file system, so reading an untrusted file could
 * read any file the server can, the sealed truth blobs included (their paths follow from the
 * published commitments). Every file this code base opens through h5wasm is granted first
 * (`allowOpens`); while any grant is held, h5wasm's `FS.open` — which every open syscall of HDF5
 * goes through — refuses every other path but HDF5's plugin folders, and while h5wasm works on a
 * granted file (each call synchronous: reading a dataset, its metadata, following a link) only that
 * file's own path. A call during which HDF5 was refused a file throws, naming the object, rather than
 * handing back a buffer HDF5 did not fill.
 *
 * With no grant held (tests, tools writing files with plain h5wasm), opens are not restricted.
 */

type EmscriptenFs = { open: (path: string, ...rest: unknown[]) => unknown; ErrnoError?: unknown };
type GuardedModule = {
  FS: unknown;
  get_plugin_search_paths: () => string[];
  insert_plugin_search_path: (...args: never[]) => unknown;
  remove_plugin_search_path: (...args: never[]) => unknown;
};

/** A held permission for HDF5 to open one path; see `allowOpens`. */
export type OpenGrant = {
  /** Tie an opened HDF5 file's id to the path, so its data reads may open that path only. */
  bind(fileId: bigint): void;
  /** Give the permission back (idempotent); call after closing the file. */
  release(): void;
};

/** HDF5 was refused another file while working on a granted one (see `allowOpens`). */
export class OtherFileError extends Error {}

/** Granted paths (resolved), each with how many grants hold it. */
const allowed = new Map<string, number>();
/** File id → its granted path, for bound files. */
const owners = new Map<bigint, string>();
/** While h5wasm works on a bound file: its path, the only file HDF5 may open. */
let scope: string | undefined;
let refused = 0;
/** HDF5's plugin search paths, resolved. */
let plugins: string[] = [];
const guarded = new WeakSet<object>();

/**
 * Let HDF5 open `path` (resolved against the working directory) until the grant is released. Take
 * it before the file is written or opened; release it after closing (and deleting) it.
 *
 * @example
 * const grant = allowOpens("/data/events.h5");
 * const file = new h5wasm.File("/data/events.h5", "r");
 * grant.bind(file.file_id);
 * // … read …
 * file.close();
 * grant.release();
 */
export function allowOpens(path: string): OpenGrant {
  const abs = resolve(path);
  allowed.set(abs, (allowed.get(abs) ?? 0) + 1);
  const bound: bigint[] = [];
  let held = true;
  return {
    bind(fileId) {
      if (!held) return;
      owners.set(fileId, abs);
      bound.push(fileId);
    },
    release() {
      if (!held) return;
      held = false;
      for (const id of bound) if (owners.get(id) === abs) owners.delete(id);
      const n = (allowed.get(abs) ?? 1) - 1;
      if (n > 0) allowed.set(abs, n);
      else allowed.delete(abs);
    },
  };
}

/**
 * Install the guard on h5wasm's module (idempotent; `loadH5` does it). The refusal is an Emscripten
 * `ErrnoError` (EACCES, errno 2 in Emscripten's numbering), which the syscall layer turns into a
 * failed open(); any other exception would unwind through the wasm stack.
 */
export function guardOpens(module: object): void {
  if (guarded.has(module)) return;
  guarded.add(module);
  const M = module as GuardedModule;
  const fs = M.FS as EmscriptenFs;
  const Errno = fs.ErrnoError as new (errno: number) => Error;
  const open = fs.open;
  fs.open = (p: string, ...rest: unknown[]) => {
    if (typeof p === "string" && !mayOpen(resolve(p))) {
      refused++;
      throw new Errno(2);
    }
    return open(p, ...rest);
  };
  // Read here, never from inside FS.open: that runs within an HDF5 call, and HDF5 is not reentrant.
  plugins = pluginDirs(M);
  for (const name of ["insert_plugin_search_path", "remove_plugin_search_path"] as const) {
    const f = M[name];
    M[name] = (...args: never[]) => {
      const out = (f as (...a: never[]) => unknown)(...args);
      plugins = pluginDirs(M);
      return out;
    };
  }
  for (const name of Object.keys(M)) {
    const f = (M as unknown as Record<string, unknown>)[name];
    if (typeof f !== "function" || UNSCOPED.has(name) || /^[_A-Z]|\$/.test(name)) continue;
    (M as unknown as Record<string, unknown>)[name] = scoped(f as (...args: unknown[]) => unknown);
  }
}

/** Module functions that take no file id, or may open any file (creating one, HDF5's plugin paths). */
const UNSCOPED = new Set([
  "addRunDependency",
  "removeRunDependency",
  "ccall",
  "cwrap",
  "open",
  "get_plugin_search_paths",
  "insert_plugin_search_path",
  "remove_plugin_search_path",
  "activate_throwing_error_handler",
  "deactivate_throwing_error_handler",
]);

/**
 * `f` (an h5wasm call taking a file id first, then usually an object path), run with HDF5's opens
 * confined to the file's own path when the id is bound, and failing when HDF5 was refused a file
 * meanwhile: h5wasm ignores most HDF5 statuses and would hand back a buffer HDF5 did not fill.
 */
function scoped(f: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    const outer = scope;
    const before = refused;
    if (typeof args[0] === "bigint") scope = owners.get(args[0]) ?? outer;
    let out: unknown;
    try {
      out = f(...args);
    } finally {
      scope = outer;
    }
    if (refused !== before) {
      const what = typeof args[1] === "string" ? args[1] : "the file";
      throw new OtherFileError(
        `${what} keeps its data in other files (external storage, a virtual dataset's sources or an external link), which are not read; write the data into the file itself`,
      );
    }
    return out;
  };
}

function mayOpen(abs: string): boolean {
  if (scope !== undefined ? abs === scope : allowed.size === 0 || allowed.has(abs)) return true;
  // HDF5 lists and loads filter plugins (Blosc) lazily, during the first read that needs one.
  return plugins.some((dir) => abs === dir || abs.startsWith(dir + sep));
}

function pluginDirs(M: GuardedModule): string[] {
  return M.get_plugin_search_paths().map((dir) => resolve(dir));
}
