import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import type { Browser } from "@playwright/test";
import { ExampleValues, errorInOutput, type Snippet, snippetsOf } from "../../docs/snippets";
import { copyClientSource, venvMissing } from "../../clients/python/venv";
import {
  accountLink,
  apiToken,
  DEMO_SLUG,
  expect,
  notebookUser,
  signIn,
  signUp,
  test,
  uniqueUser,
} from "./support/arena";
import { ROOT } from "./support/server";

const run = promisify(execFile);

/**
 * Every shell and Python snippet of docs/ run against the app, in page order, as a reader would run
 * them (issue 17: "so docs cannot drift again"). docs/snippets.ts says how a page marks a snippet
 * that is not run and whose token a snippet runs with, and how example values become live ones.
 * Shell snippets run in bash with `-e -o pipefail`, each on its own; a page's Python snippets run in
 * one interpreter, as in a notebook (a later cell uses the names an earlier one defined). A snippet
 * fails when it exits non-zero, raises, prints an error envelope without showing one as its example,
 * or prints something else than its example output (docs/snippets.ts `compare`).
 */

const PAGES: { file: string; team: boolean }[] = [
  { file: "docs/ten-minutes.md", team: true },
  { file: "docs/api.md", team: false },
  { file: "docs/black-boxes.md", team: true },
  { file: "docs/how-to-submit.md", team: true },
  { file: "docs/how-to-run-a-challenge.md", team: false },
  { file: "docs/scoring.md", team: true },
  { file: "docs/importing.md", team: false },
  { file: "docs/operations.md", team: false },
  { file: "docs/testing.md", team: false },
  { file: "docs/architecture.md", team: false },
  { file: "docs/security.md", team: false },
  { file: "docs/performance.md", team: false },
  { file: "docs/calibration.md", team: false },
];

const SYSTEM_PYTHON = "/usr/bin/python3";

/** One Python interpreter for a page: runs each snippet in the same globals, like notebook cells. */
const DRIVER = `
import contextlib, io, json, os, sys, traceback
g = {"__name__": "__main__"}
for line in sys.stdin:
    req = json.loads(line)
    os.environ.update(req["env"])
    out = io.StringIO()
    err = ""
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(req["code"], req["name"], "exec"), g)
    except BaseException:
        err = traceback.format_exc()
    sys.__stdout__.write(json.dumps({"out": out.getvalue(), "err": err}) + "\\n")
    sys.__stdout__.flush()
`;

class PythonCells {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = "";

  constructor(python: string, cwd: string, env: NodeJS.ProcessEnv) {
    this.proc = spawn(python, ["-u", "-c", DRIVER], { cwd, env });
    this.proc.stderr.on("data", (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }

  async run(name: string, code: string, env: Record<string, string>): Promise<{ out: string; err: string }> {
    this.proc.stdin.write(`${JSON.stringify({ name, code, env })}\n`);
    const next = await this.lines.next();
    if (next.done) throw new Error(`the Python interpreter ended: ${this.stderr}`);
    return JSON.parse(next.value) as { out: string; err: string };
  }

  close(): void {
    this.proc.stdin.end();
    this.proc.kill();
  }
}

/** A fresh account signed in its own browser context, with an API token (and a demo team). */
async function reader(browser: Browser, baseURL: string, label: string, team: boolean) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const user = uniqueUser(label);
  await signUp(page, user);
  const token = team
    ? (await notebookUser(page, baseURL, label)).token
    : await apiToken(page, baseURL, label.toLowerCase());
  await context.close();
  return { email: user.email, token };
}

async function adminToken(browser: Browser, baseURL: string, email: string, password: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, email, password);
  // ensureAdmin names the account it creates "Administrator".
  await expect(accountLink(page, "Administrator")).toBeVisible();
  const token = await apiToken(page, baseURL, "docs admin");
  await context.close();
  return token;
}

/** The workspace a page's snippets run in: what a reader has after cloning (the Python client). */
function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-docs-e2e-"));
  copyClientSource(path.join(dir, "clients", "python"));
  // `node bin/arena.mjs …` as from a clone: the command resolves the repository through the link.
  fs.symlinkSync(path.join(ROOT, "bin"), path.join(dir, "bin"));
  fs.symlinkSync(path.join(ROOT, "package.json"), path.join(dir, "package.json"));
  return dir;
}

const pythonMissing = venvMissing();

for (const { file, team } of PAGES) {
  const snippets = fs.existsSync(path.join(ROOT, file))
    ? snippetsOf(file, fs.readFileSync(path.join(ROOT, file), "utf8"))
    : [];
  const runnable = snippets.filter((s) => !s.notRun);
  if (runnable.length === 0) continue;

  test(`the snippets of ${file} run against the app as written (${runnable.length} of ${snippets.length})`, async ({
    browser,
    baseURL,
    arena,
  }) => {
    test.skip(
      pythonMissing !== null && process.env.CI !== "true" && runnable.some((s) => s.language === "python"),
      `Python with h5py/numpy/requests/venv missing: ${pythonMissing}`,
    );
    test.setTimeout(600_000);
    const url = baseURL ?? "";
    const tag = Date.now().toString(36);
    const main = await reader(browser, url, "Docs", team);
    const tokens: Record<string, string> = { reader: main.token };
    if (runnable.some((s) => s.runAs === "admin"))
      tokens.admin = await adminToken(browser, url, arena.admin.email, arena.admin.password);
    if (runnable.some((s) => s.runAs === "teammate"))
      tokens.teammate = (await reader(browser, url, "Mate", false)).token;
    if (runnable.some((s) => s.runAs === "another"))
      tokens.another = (await reader(browser, url, "Other", true)).token;

    // The example values of the pages, and the live values they stand for.
    const values = new ExampleValues({
      "http://localhost:3000": url,
      "https://arena.example.org": url,
      "lhco-2026": `lhco-2026-${tag}`,
      "bob@example.org": main.email,
    });
    const dir = workspace();
    let python: PythonCells | undefined;
    try {
      for (const s of runnable) {
        const where = `${s.file}:${s.line}`;
        const token = tokens[s.runAs ?? "reader"];
        if (!token) throw new Error(`${where}: run-as "${s.runAs}" is not a reader this test has`);
        values.literal.set("arena_…", token);
        const code = values.apply(s);
        const env = {
          ARENA_URL: url,
          ARENA_TOKEN: token,
          ARENA_CHALLENGE: DEMO_SLUG,
          PATH: `${path.join(dir, ".venv", "bin")}:/usr/bin:${process.env.PATH ?? ""}`,
          PIP_NO_INDEX: "1",
          PIP_DISABLE_PIP_VERSION_CHECK: "1",
          PYTHONDONTWRITEBYTECODE: "1",
        };
        const out = await runSnippet(s, code, dir, env, () => {
          // The page's interpreter: its venv's Python once a snippet has made one (as `activate` would).
          const venv = path.join(dir, ".venv", "bin", "python");
          python ??= new PythonCells(fs.existsSync(venv) ? venv : SYSTEM_PYTHON, dir, {
            ...process.env,
            ...env,
          });
          return python;
        });
        if (s.expected !== undefined) {
          expect(
            values.compare(s.expected, out),
            `${where}: the output differs from the page's example:\n${out}`,
          ).toEqual([]);
        } else {
          expect(errorInOutput(out), `${where}: the snippet printed an error:\n${out}`).toBeUndefined();
        }
      }
    } finally {
      python?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

async function runSnippet(
  s: Snippet,
  code: string,
  cwd: string,
  env: Record<string, string>,
  interpreter: () => PythonCells,
): Promise<string> {
  const where = `${s.file}:${s.line}`;
  if (s.language === "sh") {
    try {
      const r = await run("bash", ["-e", "-o", "pipefail", "-c", code], {
        cwd,
        env: { ...process.env, ...env },
        timeout: 300_000,
        maxBuffer: 64 << 20,
      });
      return r.stdout;
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      throw new Error(
        `${where}: exited ${err.code}:\n${code}\n--- stdout\n${err.stdout}\n--- stderr\n${err.stderr}`,
      );
    }
  }
  const r = await interpreter().run(where, code, env);
  if (r.err) throw new Error(`${where}: raised:\n${code}\n--- output\n${r.out}\n--- traceback\n${r.err}`);
  return r.out;
}
