import { describe, expect, it } from "vitest";
import { ScoreFileError } from "./errors";
import { parseNumber, readText } from "./text";

const utf8 = (s: string) => new TextEncoder().encode(s);
function failure(text: string): string {
  try {
    readText(utf8(text), "s.csv");
  } catch (e) {
    if (e instanceof ScoreFileError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "no error";
}

describe("parseNumber", () => {
  it("reads decimal, scientific, nan and inf, and nothing else", () => {
    expect(parseNumber("-1.148206572595098784e-01")).toBe(-0.11482065725950988);
    expect(parseNumber(".5")).toBe(0.5);
    expect(parseNumber("3.")).toBe(3);
    expect(parseNumber("nan")).toBeNaN();
    expect(parseNumber("-inf")).toBe(Number.NEGATIVE_INFINITY);
    for (const bad of ["", "0x10", "1,5", "e5", "1e", "score"]) expect(parseNumber(bad)).toBeUndefined();
  });
});

describe("readText", () => {
  it("reads one score per line with CRLF, comments, a BOM and trailing blank lines", () => {
    const r = readText(utf8("\uFEFF# written by np.savetxt\r\n1.0e+00\r\n-2.5\r\n# end\r\n\r\n"), "s.txt");
    expect(Array.from(r.scores)).toEqual([1, -2.5]);
    expect(r.format).toBe("txt");
    expect(r.eventIds).toBeUndefined();
    expect(r.rowLabel?.(1)).toBe("line 3");
  });

  it("reads a header in any column order, case and quoting, and ignores a pandas index column", () => {
    const a = readText(utf8('"Score","ID"\n0.5,7\n1.5,3\n'), "s.csv");
    const b = readText(utf8(",event_id,score\n0,7,0.5\n1,3,1.5\n"), "s.csv");
    for (const r of [a, b]) {
      expect(Array.from(r.scores)).toEqual([0.5, 1.5]);
      expect(Array.from(r.eventIds ?? [])).toEqual([7n, 3n]);
    }
    expect(Array.from(readText(utf8("scores\n1\n2\n"), "s.csv").scores)).toEqual([1, 2]);
    expect(Array.from(readText(utf8("event_id\tscore\n1\t2\n"), "s.tsv").eventIds ?? [])).toEqual([1n]);
  });

  it("names the line of every malformed shape", () => {
    expect(failure("1\n2,3\n")).toBe(
      "upload:bad_line: s.csv: line 2 has 2 values; without a header each line holds one score. To send ids, start the file with the header line event_id,score",
    );
    expect(failure("event_id,score\n1,0.5\n2\n")).toBe(
      "upload:bad_line: s.csv: line 3 has 1 values but the header has 2 columns",
    );
    expect(failure("event_id,score,weight\n1,0.5,1\n")).toMatch(
      /^upload:bad_line: s\.csv: line 1 has the column 'weight'/,
    );
    expect(failure("event_id,prob\n1,0.5\n")).toMatch(
      /column 'prob'; accepted headers are event_id \(or id\) and score/,
    );
    expect(failure("1\n\n2\n")).toMatch(/^upload:bad_line: s\.csv: line 2 is blank/);
    expect(failure("event_id,score\n1,abc\n")).toBe(
      "upload:bad_line: s.csv: line 2 has 'abc' where a score (a number) belongs",
    );
    expect(failure("event_id,score\n1.5,2\n")).toMatch(/^upload:bad_id: s\.csv: line 2 has event_id '1\.5'/);
    expect(failure("# only a comment\n")).toBe("upload:empty: s.csv: holds no scores");
    expect(failure("event_id,score\n")).toBe("upload:empty: s.csv: has a header but no scores");
  });

  it("keeps int64 ids exact", () => {
    expect(readText(utf8("id,score\n9007199254740993,1\n"), "s.csv").eventIds?.[0]).toBe(9007199254740993n);
  });
});
