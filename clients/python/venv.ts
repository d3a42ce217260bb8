import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * The Python client installed as docs/how-to-submit.md tells users to install it, for the tests that
 * run it (clients/python/client.test.ts, tests/e2e/python-client.e2e.ts): Debian's python3 (whose
 * requests, numpy, h5py and pandas come from apt), a venv with `--system-site-packages`, and
 * `pip install --no-deps --no-build-isolation` — nothing is fetched from a package index.
 */

export const PYTHON = "/usr/bin/python3";
const SOURCE = path.resolve(import.meta.dirname);
const NEEDED = "import venv, ensurepip, setuptools, wheel, requests, numpy, h5py";

/** Why the client cannot be installed here (a missing Debian package), or null when it can. */
export function venvMissing(): string | null {
  const r = spawnSync(PYTHON, ["-c", NEEDED], { encoding: "utf8" });
  if (r.status === 0) return null;
  const why = r.error ? `${PYTHON} not found` : (r.stderr.trim().split("\n").pop() ?? "");
  return `${why}; apt-get install python3-venv python3-pip python3-requests python3-numpy python3-h5py`;
}

export type ClientVenv = { dir: string; python: string; bin: (name: string) => string; source: string };

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: "utf8",
    // No package index, ever: the dependencies are Debian's (see the header).
    env: {
      ...process.env,
      PIP_NO_INDEX: "1",
      PIP_DISABLE_PIP_VERSION_CHECK: "1",
      PYTHONDONTWRITEBYTECODE: "1",
    },
    timeout: 300_000,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Copy the package's sources to `dest`: no build output, bytecode, egg-info or our TypeScript. */
export function copyClientSource(dest: string): void {
  fs.cpSync(SOURCE, dest, {
    recursive: true,
    filter: (p) => {
      const rel = path.relative(SOURCE, p);
      const base = path.basename(p);
      return (
        rel !== "build" && base !== "__pycache__" && !base.endsWith(".egg-info") && !base.endsWith(".ts")
      );
    },
  });
}

/**
 * Copy clients/python into `dir`/source (so pip's in-tree build/ stays out of the checkout) and
 * install it into the venv `dir`/venv. Throws with pip's output when a step fails.
 */
export function installClient(dir: string): ClientVenv {
  const source = path.join(dir, "source");
  copyClientSource(source);
  const venv = path.join(dir, "venv");
  run(PYTHON, ["-m", "venv", "--system-site-packages", venv], dir);
  const bin = (name: string) => path.join(venv, "bin", name);
  run(bin("pip"), ["install", "--no-deps", "--no-build-isolation", source], dir);
  return { dir, python: bin("python"), bin, source };
}
