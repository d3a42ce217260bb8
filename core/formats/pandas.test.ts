import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScoreFileError } from "./errors";
import { readScoreFile } from "./scores";

// Layouts the fixtures do not cover, written by the real pandas (+ PyTables) when it is installed.
const PYTHON = "/usr/bin/python3";
const hasPandas = spawnSync(PYTHON, ["-c", "import pandas, tables"]).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), "arena-pandas-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `
import sys, warnings, numpy as np, pandas as pd
warnings.simplefilter("ignore")
d = sys.argv[1]; s = np.array([0.5, 1.5, -2.0]); ids = np.array([10, 30, 20])
named = pd.Index(ids, name="event_id")
pd.DataFrame({"score": s}, index=named).to_hdf(f"{d}/fixed_named.h5", "df")
pd.DataFrame({"score": s}, index=named).to_hdf(f"{d}/table_named.h5", "df", format="table")
pd.DataFrame({"event_id": ids, "score": s}).to_hdf(f"{d}/fixed_blocks.h5", "scores")
pd.DataFrame({"event_id": ids, "score": s}).to_hdf(f"{d}/table_data_cols.h5", "x/y", format="table", data_columns=True)
pd.Series(s, name="score").to_hdf(f"{d}/series.h5", "s")
pd.DataFrame({"a": s, "b": s}).to_hdf(f"{d}/two_cols.h5", "df")
`;

const BOX = { eventIds: [10, 20, 30] };
const read = (name: string, opts = BOX) =>
  readScoreFile(new Uint8Array(readFileSync(path.join(dir, name))), name, opts);

describe.skipIf(!hasPandas)("pandas to_hdf layouts (pandas + PyTables)", () => {
  beforeAll(() => {
    const run = spawnSync(PYTHON, ["-c", SCRIPT, dir], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`pandas script failed: ${run.stderr}`);
  });

  it.each(["fixed_named.h5", "table_named.h5", "fixed_blocks.h5", "table_data_cols.h5"])(
    "%s: aligns by the event_id column or named index",
    async (name) => {
      const r = await read(name);
      expect([r.details.aligned, Array.from(r.scores)]).toEqual([true, [0.5, -2, 1.5]]);
    },
  );

  it("reads a Series in row order (unnamed index is not ids)", async () => {
    const r = await read("series.h5");
    expect([r.details.aligned, Array.from(r.scores)]).toEqual([false, [0.5, 1.5, -2]]);
  });

  it("lists the columns when none is the score", async () => {
    const e = await read("two_cols.h5").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ScoreFileError);
    expect((e as ScoreFileError).message).toBe(
      "two_cols.h5: the DataFrame at /df has columns 'a', 'b'; name the score column 'score' (and the id column 'event_id')",
    );
  });
});
