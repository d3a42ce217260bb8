import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ScoreFileError } from "./errors";
import { checkMasterkeyLength, parseMasterkey, readMasterkeyFile } from "./masterkey";

const dir = mkdtempSync(path.join(tmpdir(), "arena-masterkey-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("LHCO masterkey files", () => {
  it("reads integer and float spellings, with or without a final newline, LF or CRLF", () => {
    const want = Int8Array.from([0, 1, 2, 0]);
    expect(parseMasterkey("0\n1\n2\n0", "k")).toEqual(want);
    expect(parseMasterkey("0\n1\n2\n0\n", "k")).toEqual(want);
    expect(parseMasterkey("0.0\n1.0\n2.0\n0.0\n", "k")).toEqual(want);
    expect(parseMasterkey("0.0\r\n1\r\n2.0\r\n0\r\n", "k")).toEqual(want);
    expect(parseMasterkey("0.0\r\n1\r\n2.0\r\n0", "k")).toEqual(want);
  });

  it("reads a file from disk", async () => {
    const file = path.join(dir, "bb1.masterkey");
    writeFileSync(file, "1.0\n0.0\n0.0\n");
    expect(await readMasterkeyFile(file)).toEqual(Int8Array.from([1, 0, 0]));
  });

  it("names the line and the value of anything but 0, 1, 2", () => {
    expect(() => parseMasterkey("0\n1\n3\n", "key.txt")).toThrow(
      `key.txt: line 3 is '3'; each line must be one label 0, 1 or 2 (written "1" or "1.0")`,
    );
    expect(() => parseMasterkey("0\n0.5\n", "key.txt")).toThrow("key.txt: line 2 is '0.5';");
    expect(() => parseMasterkey("0\nsignal\n", "key.txt")).toThrow("key.txt: line 2 is 'signal';");
    expect(() => parseMasterkey("0\n\n1\n", "key.txt")).toThrow("key.txt: line 2 is '';");
    expect(() => parseMasterkey("1\n-1\n", "key.txt")).toThrow("key.txt: line 2 is '-1';");
    expect(() => parseMasterkey("\n", "key.txt")).toThrow(
      "key.txt: holds no labels; expected one 0/1/2 per line",
    );
    try {
      parseMasterkey("0\n1e0\n", "key.txt");
      expect.unreachable();
    } catch (e) {
      expect((e as ScoreFileError).code).toBe("upload:bad_label");
      expect((e as ScoreFileError).details).toEqual({ line: 2, value: "1e0" });
    }
  });

  it("checks one label per event", () => {
    expect(() => checkMasterkeyLength(new Int8Array(1000), 1000, "key.txt")).not.toThrow();
    expect(() => checkMasterkeyLength(new Int8Array(999), 1000, "key.txt")).toThrow(
      "key.txt: the masterkey has 999 lines, the events file 1000 events; they must match one to one, in order",
    );
    expect(() => checkMasterkeyLength(parseMasterkey("0\n1\n", "key.txt"), 1, "key.txt")).toThrow(
      "the masterkey has 2 lines, the events file 1 events",
    );
  });
});
