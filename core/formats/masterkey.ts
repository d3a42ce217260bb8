import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ScoreFileError } from "./errors";

// "1" as written by np.savetxt(fmt="%d"), "1.0" by a float savetxt / pandas; no other spellings.
const LABEL = /^([012])(\.0*)?$/;

/**
 * Parse an LHC Olympics masterkey: one label per line in event order, 0 (background) or 1/2 (signal
 * component, BB3 has two), written "1" or "1.0". A final newline and CRLF line ends are tolerated;
 * surrounding spaces on a line are ignored. Any other line, blank lines included, is refused.
 *
 * @throws ScoreFileError `upload:empty` for a file without labels, `upload:bad_label` naming the
 *   1-based line and its value.
 * @example
 * parseMasterkey("0\r\n1.0\r\n2\r\n", "key.txt"); // → Int8Array [0, 1, 2]
 */
export function parseMasterkey(text: string, fileName: string): Int8Array {
  const body = text.endsWith("\n") ? text.slice(0, text.endsWith("\r\n") ? -2 : -1) : text;
  if (body.trim() === "") {
    throw new ScoreFileError("upload:empty", `${fileName}: holds no labels; expected one 0/1/2 per line`);
  }
  const lines = body.split("\n");
  const labels = new Int8Array(lines.length);
  for (const [i, raw] of lines.entries()) {
    const token = raw.trim();
    const m = LABEL.exec(token);
    if (!m) {
      throw new ScoreFileError(
        "upload:bad_label",
        `${fileName}: line ${i + 1} is '${token.slice(0, 40)}'; each line must be one label 0, 1 or 2 (written "1" or "1.0")`,
        { line: i + 1, value: token.slice(0, 40) },
      );
    }
    labels[i] = Number(m[1]);
  }
  return labels;
}

/**
 * `parseMasterkey` of a file on disk (a 1M-event masterkey is ~4 MB of text).
 *
 * @throws as `parseMasterkey`; Error (ENOENT …) when the path cannot be read.
 * @example
 * (await readMasterkeyFile("/data/events_LHCO2020_BlackBox1.masterkey")).length; // → 1000000
 */
export async function readMasterkeyFile(filePath: string, fileName = basename(filePath)): Promise<Int8Array> {
  return parseMasterkey(await readFile(filePath, "utf8"), fileName);
}

/**
 * Check that a masterkey has one label per event of its events file.
 *
 * @throws ScoreFileError `upload:wrong_length` naming both counts.
 * @example
 * checkMasterkeyLength(new Int8Array(999), 1000, "key.txt");
 * // throws "key.txt: the masterkey has 999 lines, the events file 1000 events; …"
 */
export function checkMasterkeyLength(labels: ArrayLike<number>, events: number, fileName: string): void {
  if (labels.length !== events) {
    throw new ScoreFileError(
      "upload:wrong_length",
      `${fileName}: the masterkey has ${labels.length} lines, the events file ${events} events; they must match one to one, in order`,
      { lines: labels.length, events },
    );
  }
}
