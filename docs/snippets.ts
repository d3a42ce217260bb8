/**
 * The shell and Python snippets of docs/ (issue 17: "a test that runs every shell and Python snippet
 * in docs/ against a running app, so docs cannot drift again"). This module only reads the Markdown
 * and compares outputs; tests/e2e/docs-snippets.e2e.ts runs the snippets against the app.
 *
 * A snippet is a fenced block whose info string is `sh`, `bash`, `shell` or `python`. It is run as
 * written, in order within its page, except where the line above the fence says why not:
 *
 *     <!-- not-run: starts a second server (the test runs against one already started) -->
 *
 * A snippet runs with `$ARENA_URL` and `$ARENA_TOKEN` set (in the environment, and in place of the
 * page's example values `http://localhost:3000` and `arena_…`); the token is a participant's unless
 * the line above the fence names another reader, `<!-- run-as: admin -->` (organizer and admin
 * routes), `<!-- run-as: teammate -->` (a second participant, in no team) or
 * `<!-- run-as: another -->` (a participant of another team, with a daily quota of its own).
 *
 * The example values a page uses (its URL, its `arena_…` token, the ids in its example outputs) are
 * replaced by live ones: a `json` block right after a snippet (with at most one short line such as
 * "`201`:" between) is its example output, and where it parses as JSON the run's output is compared
 * with it — the same error code, or no error and every example key present — and each example id
 * (a UUID, written in full or as its first 8 digits and "…", or a token) is learnt from the value the
 * run returned at the same place. A later snippet that names an example id nothing taught is an error:
 * the page's examples would not run in the order they are written.
 */

export type SnippetLanguage = "sh" | "python";

export type Snippet = {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  language: SnippetLanguage;
  code: string;
  /** Why this snippet is not run (the marker's text), if it is not. */
  notRun?: string;
  /** Whose token `$ARENA_TOKEN` holds for it (`<!-- run-as: admin -->`); the page's reader when unset. */
  runAs?: string;
  /** The example output that follows it, verbatim. */
  expected?: string;
};

const LANGUAGES: Record<string, SnippetLanguage> = { sh: "sh", bash: "sh", shell: "sh", python: "python" };
const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)[^\n]*\n([\s\S]*?)^ {0,3}\2[`~]*[ \t]*$/gm;
const NOT_RUN = /<!--\s*not-run:\s*([\s\S]*?)\s*-->\s*$/;
const RUN_AS = /<!--\s*run-as:\s*([a-z]+)\s*-->\s*$/;

/** Every fenced block of a page: language (lower case, "" for none), code, line, start and end. */
function fencesOf(markdown: string) {
  const out: { lang: string; code: string; line: number; start: number; end: number; indent: string }[] = [];
  for (const m of markdown.matchAll(FENCE)) {
    const indent = m[1] ?? "";
    // An indented fence (in a list item) indents its code as much: take that indent off.
    const code = (m[4] ?? "").replace(new RegExp(`^ {0,${indent.length}}`, "gm"), "");
    out.push({
      lang: (m[3] ?? "").toLowerCase(),
      code,
      line: markdown.slice(0, m.index).split("\n").length,
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
      indent,
    });
  }
  return out;
}

/** The snippets of one page, in order. A `not-run` marker without a reason is an error. */
export function snippetsOf(file: string, markdown: string): Snippet[] {
  const fences = fencesOf(markdown);
  const out: Snippet[] = [];
  fences.forEach((f, i) => {
    const language = LANGUAGES[f.lang];
    if (!language) return;
    const before = markdown.slice(0, f.start).replace(/\s+$/, "");
    const lastLine = before.slice(before.lastIndexOf("\n") + 1);
    const marker = NOT_RUN.exec(lastLine);
    if (/<!--\s*not-run/.test(lastLine) && !marker?.[1])
      throw new Error(`${file}:${f.line}: a not-run marker must say why: <!-- not-run: reason -->`);
    const next = fences[i + 1];
    const between = next ? markdown.slice(f.end, next.start).trim() : "";
    const expected =
      next && next.lang === "json" && between.split("\n").length <= 1 && between.length <= 40
        ? next.code
        : undefined;
    out.push({
      file,
      line: f.line,
      language,
      code: f.code,
      ...(marker?.[1] ? { notRun: marker[1] } : {}),
      ...(RUN_AS.exec(lastLine)?.[1] ? { runAs: RUN_AS.exec(lastLine)?.[1] } : {}),
      ...(expected !== undefined ? { expected } : {}),
    });
  });
  return out;
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const UUID_EXACT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** An example UUID as docs write it in outputs: in full, or its first 8 digits then "-…". */
const EXAMPLE_UUID = /^([0-9a-f]{8})(?:-…|-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
/** Keys whose example values are secrets or handles the server makes up (tokens, invite tokens). */
const LEARNT_KEYS = new Set(["token"]);

/**
 * Example values → live ones. `literal` holds whole strings (a URL, a token, a slug, an email);
 * `uuids` maps an example UUID's first 8 digits to the live UUID.
 */
export class ExampleValues {
  readonly literal = new Map<string, string>();
  readonly uuids = new Map<string, string>();

  constructor(literal: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(literal)) this.literal.set(k, v);
  }

  /** The snippet with its example values replaced; throws naming an example UUID nothing taught. */
  apply(snippet: Pick<Snippet, "file" | "line" | "code">): string {
    // Longest first, so an example that contains another is replaced whole.
    let code = snippet.code;
    for (const k of [...this.literal.keys()].sort((a, b) => b.length - a.length))
      code = code.split(k).join(this.literal.get(k) as string);
    const live = new Set(this.literal.values());
    for (const v of this.uuids.values()) live.add(v);
    return code.replace(UUID, (id) => {
      if (live.has(id)) return id;
      const found = this.uuids.get(id.slice(0, 8));
      if (!found)
        throw new Error(
          `${snippet.file}:${snippet.line}: example id ${id} is not in the output of any earlier snippet of the page`,
        );
      return found;
    });
  }

  /**
   * Compare a run's output with the page's example output and learn the example ids from it.
   * Returns the problems found (empty when the output matches); an example that is not JSON (it
   * elides with "…" where JSON cannot) is not compared.
   */
  compare(expectedText: string, actualText: string): string[] {
    let expected: unknown;
    try {
      expected = JSON.parse(expectedText);
    } catch {
      return [];
    }
    const values = jsonValues(actualText);
    if (values.length !== 1) return [`the output is not one JSON value: ${actualText.slice(0, 300)}`];
    const actual = values[0];
    const problems: string[] = [];
    const walk = (e: unknown, a: unknown, at: string) => {
      if (typeof e === "string") {
        if (typeof a !== "string") return;
        const m = EXAMPLE_UUID.exec(e);
        if (m?.[1] && UUID_EXACT.test(a)) this.uuids.set(m[1], a);
        else if (LEARNT_KEYS.has(at.split(".").pop() ?? "") && e !== a) this.literal.set(e, a);
        return;
      }
      if (Array.isArray(e)) {
        if (!Array.isArray(a)) {
          problems.push(`${at || "(output)"}: expected an array, got ${JSON.stringify(a)?.slice(0, 120)}`);
          return;
        }
        for (let i = 0; i < Math.min(e.length, a.length); i++) walk(e[i], a[i], `${at}[${i}]`);
        return;
      }
      if (e === null || typeof e !== "object") return;
      if (a === null || typeof a !== "object" || Array.isArray(a)) {
        problems.push(`${at || "(output)"}: expected an object, got ${JSON.stringify(a)?.slice(0, 120)}`);
        return;
      }
      const eo = e as Record<string, unknown>;
      const ao = a as Record<string, unknown>;
      for (const key of Object.keys(eo)) {
        if (!(key in ao)) problems.push(`${at ? `${at}.` : ""}${key}: missing from the output`);
        else walk(eo[key], ao[key], at ? `${at}.${key}` : key);
      }
    };
    const eErr = errorCode(expected);
    const aErr = errorCode(actual);
    if (eErr !== aErr)
      return [
        eErr
          ? `expected the error ${eErr}, got ${aErr ? `the error ${aErr}` : "a success"}: ${actualText.slice(0, 300)}`
          : `expected a success, got the error ${aErr}: ${actualText.slice(0, 300)}`,
      ];
    walk(expected, actual, "");
    return problems;
  }
}

function errorCode(v: unknown): string | undefined {
  if (v === null || typeof v !== "object" || !("error" in v)) return undefined;
  const err = (v as { error: unknown }).error;
  return err && typeof err === "object" && "code" in err ? String((err as { code: unknown }).code) : "?";
}

/**
 * The JSON values printed one after another (`curl -s` adds no newline between two responses), after
 * the status line and headers that `curl -i` prints first; text that is not JSON is skipped.
 */
export function jsonValues(output: string): unknown[] {
  let text = output.trim();
  if (text.startsWith("HTTP/")) {
    const blank = text.search(/\r?\n\r?\n/);
    text = blank < 0 ? "" : text.slice(blank).trim();
  }
  const out: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.slice(i).search(/[[{]/);
    if (open < 0) break;
    const start = i + open;
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let j = start; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === "\\") j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") {
        depth--;
        if (depth === 0) {
          end = j + 1;
          break;
        }
      }
    }
    if (end < 0) break;
    try {
      out.push(JSON.parse(text.slice(start, end)));
      i = end;
    } catch {
      i = start + 1;
    }
  }
  return out;
}

/** The first error envelope's code among the JSON values a snippet printed, if any. */
export function errorInOutput(output: string): string | undefined {
  for (const v of jsonValues(output)) {
    const code = errorCode(v);
    if (code) return code;
  }
  return undefined;
}
