import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Docs that stay true for someone who clones the repository (issue 17): every relative link in
 * README.md and docs/ reaches a file of the repository, never a path above its root (a workspace
 * file such as ../shared/SCORING.md is dead in a clone), and every `#anchor` names a heading of its
 * page; and the site's URL is read from one environment variable, `ARENA_URL` — the name the
 * tested snippet of docs/how-to-submit.md reads (tests/e2e/python-snippet.e2e.ts sets it) — never
 * `ARENA`. Files are checked as they are on disk: CI runs on a clean clone, where only committed
 * files exist.
 */

const root = path.resolve(import.meta.dirname, "..");
const docs = path.join(root, "docs");
const URL_VARIABLE = "ARENA_URL";
const REJECTED_VARIABLE = "ARENA";

function filesUnder(dir: string, ext: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => ext.test(f) && !f.split(path.sep).includes("node_modules"))
    .map((f) => path.join(dir, f))
    .sort();
}

const markdownFiles = () => [path.join(root, "README.md"), ...filesUnder(docs, /\.md$/)];

/** Blank out fenced blocks and code spans (same length, newlines kept): links there are not links. */
function proseOf(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, " ");
  return markdown
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, blank)
    .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, blank);
}

/** Targets of inline links and images, reference definitions and HTML href/src, with their line. */
function linksOf(markdown: string): { target: string; line: number }[] {
  const text = proseOf(markdown);
  const out: { target: string; line: number }[] = [];
  const patterns = [
    /!?\[(?:[^[\]]|\[[^[\]]*\])*\]\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+"[^"\n]*")?\s*\)/g,
    /^ {0,3}\[[^\]\n]+\]:\s*(\S+)/gm,
    /\b(?:href|src)="([^"]+)"/g,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) {
      const target = (m[1] ?? "").replace(/^<|>$/g, "");
      out.push({ target, line: text.slice(0, m.index).split("\n").length });
    }
  }
  return out;
}

/** GitHub's heading ids (github-slugger): lower case, punctuation and symbols dropped, spaces → "-". */
function anchorsOf(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const m of proseOf(markdown).matchAll(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm)) {
    // proseOf blanked the heading's code spans: take the text from the source, links as their text.
    const heading = markdown.slice(m.index, m.index + m[0].length).replace(/^ {0,3}#{1,6}[ \t]+/, "");
    const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[ \t]+#+[ \t]*$/, "");
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    ids.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) ids.add(m[1] ?? "");
  return ids;
}

/**
 * What is wrong with one link of `file` (absolute path), or null: a path outside `repoRoot`, a file
 * that does not exist, an anchor its page does not have. URLs with a scheme are not checked.
 */
function linkProblem(file: string, target: string, repoRoot: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null;
  const [rawPath = "", anchor] = target.split("#", 2);
  let rel: string;
  try {
    rel = decodeURIComponent(rawPath);
  } catch {
    return `${target}: not a valid URL path`;
  }
  if (rel.startsWith("/")) return `${target}: a path from the site root, not relative to this file`;
  const resolved = rel === "" ? file : path.resolve(path.dirname(file), rel);
  const inside = path.relative(repoRoot, resolved);
  if (inside.startsWith("..") || path.isAbsolute(inside)) return `${target}: leaves the repository`;
  if (!fs.existsSync(resolved)) return `${target}: no such file in the repository`;
  if (anchor !== undefined && resolved.endsWith(".md")) {
    if (!anchorsOf(fs.readFileSync(resolved, "utf8")).has(anchor)) return `${target}: no heading #${anchor}`;
  }
  return null;
}

/** Places where `name` is used as an environment variable (shell, Python, prose in backticks). */
function envVariableUses(text: string, name: string): number[] {
  const n = name.replace(/[^A-Z0-9_]/g, "");
  const re = new RegExp(
    [
      `\\$\\{?${n}(?![A-Za-z0-9_])`, // $ARENA, ${ARENA}
      `(?<![A-Za-z0-9_$])${n}=(?=\\S)`, // ARENA=… command, export ARENA=…
      `(?:environ(?:\\.get)?|getenv)\\s*[[(]\\s*["']${n}["']`, // os.environ["ARENA"], os.getenv('ARENA')
      `process\\.env(?:\\.${n}(?![A-Za-z0-9_])|\\[["']${n}["']\\])`,
      `\`${n}\``, // the name in prose
    ].join("|"),
    "g",
  );
  return [...text.matchAll(re)].map((m) => text.slice(0, m.index).split("\n").length);
}

describe("the checks themselves", () => {
  it("find dead, escaping and anchor-less links, and skip code and URLs", () => {
    const file = path.join(docs, "x.md");
    expect(linkProblem(file, "api.md#authentication", root)).toBeNull();
    expect(linkProblem(file, "../README.md#configuration", root)).toBeNull();
    expect(linkProblem(file, "https://example.org/x.md", root)).toBeNull();
    expect(linkProblem(file, "../../shared/SCORING.md", root)).toMatch(/leaves the repository/);
    expect(linkProblem(file, "missing.md", root)).toMatch(/no such file/);
    expect(linkProblem(file, "api.md#no-such-heading", root)).toMatch(/no heading/);
    expect(linkProblem(file, "/docs/api.md", root)).toMatch(/site root/);
    const md = 'a [x](one.md) `[y](two.md)`\n```\n[z](three.md)\n```\n![p](four.svg "t")\n[r]: five.md';
    expect(linksOf(md).map((l) => [l.target, l.line])).toEqual([
      ["one.md", 1],
      ["four.svg", 5],
      ["five.md", 6],
    ]);
  });
  it("make GitHub's heading ids", () => {
    const ids = anchorsOf(
      "## Draft, published, archived\n### GET /api/v1/teams/{id}\n## `arena` x\n## `arena` x",
    );
    expect([...ids]).toEqual(["draft-published-archived", "get-apiv1teamsid", "arena-x", "arena-x-1"]);
  });
  it("see a variable used from the shell, Python, Node and prose, not a longer name", () => {
    const text = [
      "export ARENA=http://localhost:3000",
      'curl "$ARENA/api"',
      'x = os.environ.get("ARENA", "")',
      "os.getenv('ARENA')",
      "process.env.ARENA",
      "set `ARENA` first",
      'curl "$ARENA_URL/api"',
      'ARENA = os.environ.get("ARENA_URL")',
      "process.env.ARENA_TOKEN",
    ].join("\n");
    expect(envVariableUses(text, "ARENA")).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("README.md and docs/", () => {
  it("link only to files of the repository, and to headings that exist", () => {
    const problems: string[] = [];
    for (const file of markdownFiles()) {
      for (const { target, line } of linksOf(fs.readFileSync(file, "utf8"))) {
        const problem = linkProblem(file, target, root);
        if (problem) problems.push(`${path.relative(root, file)}:${line}: ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it(`name the site's URL ${URL_VARIABLE}, never ${REJECTED_VARIABLE} (docs, the site's snippets, clients)`, () => {
    const files = [
      ...markdownFiles(),
      ...["app", "components"].flatMap((d) => filesUnder(path.join(root, d), /\.tsx?$/)),
      ...filesUnder(path.join(root, "clients"), /\.(py|md|toml)$/),
    ];
    const uses = files.flatMap((file) =>
      envVariableUses(fs.readFileSync(file, "utf8"), REJECTED_VARIABLE).map(
        (line) => `${path.relative(root, file)}:${line}`,
      ),
    );
    expect(uses).toEqual([]);
    const submit = fs.readFileSync(path.join(docs, "how-to-submit.md"), "utf8");
    expect(submit).toContain(`os.environ.get("${URL_VARIABLE}"`);
  });
});
