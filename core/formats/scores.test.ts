import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ScoreFileError } from "./errors";
import { type ReadScoreFileOptions, readScoreFile } from "./scores";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function failure(bytes: Uint8Array, name: string, opts?: ReadScoreFileOptions): Promise<string> {
  try {
    await readScoreFile(bytes, name, opts);
  } catch (e) {
    if (e instanceof ScoreFileError) return `${e.code}: ${e.message}`;
    throw e;
  }
  return "no error";
}

/** np.save of a 1-D little-endian float64 array, version 1.0 header. */
function npyF64(values: number[]): Uint8Array {
  let dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  dict += `${" ".repeat(64 - ((10 + dict.length + 1) % 64))}\n`;
  const head = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, dict.length, 0]);
  return new Uint8Array([...head, ...utf8(dict), ...new Uint8Array(new Float64Array(values).buffer)]);
}

describe("readScoreFile validation", () => {
  it("names the row of a NaN or an infinity", async () => {
    const nan = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, Number.NaN].map(Number);
    expect(await failure(npyF64(nan), "scores.npy")).toBe(
      "upload:nan: scores.npy: row 17 (counting from 0) is NaN; every score must be a finite number",
    );
    expect(await failure(utf8("# s\n1\n-inf\n"), "scores.txt")).toBe(
      "upload:infinite: scores.txt: line 3 is -Infinity; every score must be a finite number",
    );
    expect(await failure(utf8("event_id,score\n0,1\n1,nan\n"), "s.csv")).toMatch(
      /^upload:nan: s\.csv: line 3 is NaN/,
    );
  });

  it("names a duplicate event id and both of its rows", async () => {
    expect(await failure(utf8("event_id,score\n4,0.1\n5,0.2\n4,0.3\n"), "s.csv")).toBe(
      "upload:duplicate_id: s.csv: event_id 4 appears twice (line 2 and line 4); send one score per event",
    );
  });

  it("names expected and actual length", async () => {
    expect(await failure(npyF64([1, 2, 3]), "s.npy", { expectedLength: 4 })).toBe(
      "upload:wrong_length: s.npy: holds 3 scores but this black box has 4 events; send exactly one score per event, in the order of /events/event_id",
    );
    expect(await failure(utf8("1\n2\n"), "s.txt", { eventIds: [7, 8, 9] })).toMatch(
      /^upload:wrong_length: .*holds 2 scores but this black box has 3 events/,
    );
  });

  it("aligns ids to the box order and names an example missing or unknown id", async () => {
    const box = { eventIds: new BigInt64Array([10n, 20n, 30n]) };
    const ordered = await readScoreFile(utf8("event_id,score\n10,1\n20,2\n30,3\n"), "a.csv", box);
    const shuffled = await readScoreFile(utf8("score,event_id\n3,30\n1,10\n2,20\n"), "b.csv", box);
    expect(Array.from(shuffled.scores)).toEqual(Array.from(ordered.scores));
    expect(Array.from(shuffled.scores)).toEqual([1, 2, 3]);
    expect(Array.from(shuffled.eventIds ?? [])).toEqual([10n, 20n, 30n]);
    expect(await failure(utf8("event_id,score\n10,1\n30,3\n"), "s.csv", box)).toBe(
      "upload:missing_ids: s.csv: has no score for event_id 20; send one score for every event in /events/event_id",
    );
    expect(await failure(utf8("event_id,score\n10,1\n99,2\n98,3\n"), "s.csv", box)).toBe(
      "upload:unknown_ids: s.csv: event_id 99 (and 1 more) is not in this black box; send scores only for the events in /events/event_id",
    );
  });

  it("accepts gzip by magic bytes, with or without the .gz name", async () => {
    const csv = "event_id,score\n1,0.5\n0,0.25\n";
    for (const name of ["s.csv.gz", "s.csv", "upload"]) {
      const r = await readScoreFile(gzipSync(csv), name, { eventIds: [0, 1] });
      expect([r.format, r.details.gzip, Array.from(r.scores)]).toEqual(["csv", true, [0.25, 0.5]]);
    }
    const npy = await readScoreFile(gzipSync(npyF64([1.5])), "s.npy.gz");
    expect([npy.format, Array.from(npy.scores)]).toEqual(["npy", [1.5]]);
    const gz = gzipSync(csv);
    expect(await failure(gz.subarray(0, gz.length - 10), "s.csv.gz")).toMatch(
      /^upload:truncated: s\.csv\.gz: the gzip stream ends early/,
    );
    expect(await failure(gzipSync(new Uint8Array(1 << 16)), "s.gz", { maxDecompressedBytes: 1000 })).toMatch(
      /^upload:too_large/,
    );
  });

  it("refuses empty, garbage, zip and mis-named files", async () => {
    expect(await failure(new Uint8Array(0), "s.npy")).toBe("upload:empty: s.npy: the file is empty");
    expect(await failure(gzipSync(new Uint8Array(0)), "s.csv.gz")).toBe(
      "upload:empty: s.csv.gz: the file is empty",
    );
    const garbage = new Uint8Array(256).map((_, i) => (i * 37 + 11) % 256);
    expect(await failure(garbage, "scores.bin")).toMatch(
      /^upload:unknown_format: scores\.bin: not a format we read; send \.npy/,
    );
    expect(await failure(garbage, "scores.npy")).toMatch(
      /^upload:corrupt: scores\.npy: named \.npy but does not start like a \.npy file/,
    );
    expect(await failure(utf8("PK\u0003\u0004rest"), "scores.npz")).toMatch(
      /^upload:unknown_format: .*np\.save/,
    );
  });

  it("returns finite scores in file order with details", async () => {
    const r = await readScoreFile(npyF64([0.5, -1]), "s.npy", { expectedLength: 2 });
    expect(Array.from(r.scores)).toEqual([0.5, -1]);
    expect(r.eventIds).toBeUndefined();
    expect(r.details).toMatchObject({ gzip: false, rows: 2, aligned: false, dtype: "<f8" });
  });
});
