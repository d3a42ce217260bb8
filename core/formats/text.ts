import type { RawScores } from "./columns";
import { ScoreFileError } from "./errors";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
};
const ID_NAMES = new Set(["event_id", "id"]);
const SCORE_NAMES = ["score", "scores"];

/**
 * Parse a score token. Plain decimal and scientific notation (`np.savetxt` writes
 * `-1.148206572595098784e-01`); `nan`/`inf` in any case are read as NaN/±Infinity so the validator can
 * name the row. Returns undefined for anything else — `Number()` alone would read "" as 0 and "0x1f"
 * as 31. Never throws.
 *
 * @example
 * [parseNumber("-1.148206572595098784e-01"), parseNumber("0x1f")]; // → [-0.11482065725950988, undefined]
 */
export function parseNumber(token: string): number | undefined {
  if (NUMBER.test(token)) return Number(token);
  const sign = token.startsWith("-") ? -1 : 1;
  const special = SPECIAL[token.replace(/^[+-]/, "").toLowerCase()];
  return special === undefined ? undefined : sign * special;
}

/**
 * Read a CSV/TXT score file. Two shapes:
 * - one score per line, no header (`np.savetxt(path, scores)`, `pd.Series.to_csv(index=False,
 *   header=False)`);
 * - a header naming the columns — `event_id` or `id`, and `score` or `scores`, in any order, any case,
 *   optionally quoted — then one row per event (`df.to_csv(path, index=False)`). A leading unnamed
 *   column (pandas' index, written when `index=False` is forgotten) is ignored.
 * Delimiter, per line: comma, else tab, else runs of spaces. CRLF, a UTF-8 BOM, `#` comment lines anywhere and
 * blank lines at the end are tolerated; a blank line between rows is not (a score may be missing).
 *
 * @throws ScoreFileError `upload:bad_line` naming the 1-based line and what was expected,
 *   `upload:empty` when no data row remains, `upload:bad_id` for a non-integer id.
 * @example
 * readText(new TextEncoder().encode("event_id,score\n1,0.5\n0,2e-1\n"), "s.csv").scores;
 * // → Float64Array [0.5, 0.2]
 */
export function readText(bytes: Uint8Array, fileName: string, valueNames: string[] = SCORE_NAMES): RawScores {
  const text = new TextDecoder("utf-8").decode(bytes).replace(/^\uFEFF/, "");
  const lines = text.split(/\r\n|\n|\r/);
  while (lines.length > 0 && (lines[lines.length - 1] ?? "").trim() === "") lines.pop();
  const rows: { line: number; tokens: string[] }[] = [];
  for (const [i, raw] of lines.entries()) {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#")) continue;
    if (trimmed === "") {
      throw badLine(fileName, i + 1, "is blank; every row must hold a score (remove the empty line)");
    }
    const delimiter = trimmed.includes(",") ? "," : trimmed.includes("\t") ? "\t" : /\s+/;
    rows.push({ line: i + 1, tokens: trimmed.split(delimiter).map((t) => t.trim()) });
  }
  const first = rows[0];
  if (!first) throw new ScoreFileError("upload:empty", `${fileName}: holds no scores`);
  const isHeader = first.tokens.some((t) => parseNumber(t) === undefined);
  if (!isHeader) return readColumn(rows, fileName);
  return readTable(first, rows.slice(1), fileName, valueNames);
}

function readColumn(rows: { line: number; tokens: string[] }[], fileName: string): RawScores {
  const scores = new Float64Array(rows.length);
  for (const [k, { line, tokens }] of rows.entries()) {
    if (tokens.length !== 1) {
      throw badLine(
        fileName,
        line,
        `has ${tokens.length} values; without a header each line holds one score. To send ids, start the file with the header line event_id,score`,
      );
    }
    scores[k] = scoreAt(tokens[0] ?? "", fileName, line);
  }
  const lineOf = rows.map((r) => r.line);
  return { scores, format: "txt", rowLabel: (k) => `line ${lineOf[k]}`, details: { header: false } };
}

function readTable(
  header: { line: number; tokens: string[] },
  rows: { line: number; tokens: string[] }[],
  fileName: string,
  valueNames: string[],
): RawScores {
  const names = header.tokens.map((t) => t.replace(/^["']|["']$/g, "").toLowerCase());
  let idCol: number | undefined;
  let scoreCol: number | undefined;
  for (const [j, name] of names.entries()) {
    if (ID_NAMES.has(name) && idCol === undefined) idCol = j;
    else if (valueNames.includes(name) && scoreCol === undefined) scoreCol = j;
    else if (!(j === 0 && (name === "" || name === "unnamed: 0"))) {
      throw badLine(
        fileName,
        header.line,
        `has the column '${name}'; accepted headers are event_id (or id) and ${valueNames.join(" or ")}`,
      );
    }
  }
  if (scoreCol === undefined) {
    throw badLine(
      fileName,
      header.line,
      `has no '${valueNames[0]}' column; the header should read event_id,${valueNames[0]}`,
    );
  }
  if (rows.length === 0) throw new ScoreFileError("upload:empty", `${fileName}: has a header but no scores`);
  const scores = new Float64Array(rows.length);
  const eventIds = idCol === undefined ? undefined : new BigInt64Array(rows.length);
  for (const [k, { line, tokens }] of rows.entries()) {
    if (tokens.length !== names.length) {
      throw badLine(fileName, line, `has ${tokens.length} values but the header has ${names.length} columns`);
    }
    scores[k] = scoreAt(tokens[scoreCol] ?? "", fileName, line);
    if (eventIds && idCol !== undefined) eventIds[k] = idAt(tokens[idCol] ?? "", fileName, line);
  }
  const lineOf = rows.map((r) => r.line);
  return {
    scores,
    eventIds,
    format: "csv",
    rowLabel: (k) => `line ${lineOf[k]}`,
    details: { header: true, columns: names },
  };
}

function scoreAt(token: string, fileName: string, line: number): number {
  const v = parseNumber(token);
  if (v === undefined) throw badLine(fileName, line, `has '${token}' where a score (a number) belongs`);
  return v;
}

function idAt(token: string, fileName: string, line: number): bigint {
  if (/^[+-]?\d+$/.test(token)) return BigInt(token);
  const v = parseNumber(token);
  if (v !== undefined && Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER) return BigInt(v);
  throw new ScoreFileError(
    "upload:bad_id",
    `${fileName}: line ${line} has event_id '${token}'; event ids are whole numbers (the box's /events/event_id)`,
    { line },
  );
}

function badLine(fileName: string, line: number, what: string): ScoreFileError {
  return new ScoreFileError("upload:bad_line", `${fileName}: line ${line} ${what}`, { line });
}
