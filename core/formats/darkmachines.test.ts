import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture } from "@/tests/support/lhco";
import {
  DARKMACHINES_CAPS,
  darkMachinesFeatureNames,
  parseDarkMachines,
  readDarkMachinesFile,
} from "./darkmachines";
import type { ScoreFileError } from "./errors";

const FILES = ["background_chan1_7.79_reduced.csv", "monotop_200_A_chan1.csv"];
const dir = mkdtempSync(path.join(tmpdir(), "arena-dm-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("Dark Machines CSV", () => {
  it("imports both fixture files with their event counts, ids and process ids", async () => {
    for (const name of FILES) {
      const p = fixture("real", "darkmachines", name);
      const text = readFileSync(p, "utf8");
      // Independent count: non-empty lines, each `id;process;…`.
      const lines = text.split("\n").filter((l) => l !== "");
      const d = await readDarkMachinesFile(p);
      expect(d.events).toBe(lines.length);
      expect(d.processIds).toEqual(lines.map((l) => l.split(";")[1]));
      expect(Array.from(d.eventIds)).toEqual(lines.map((l) => BigInt(l.split(";")[0] as string)));
      expect(d.features.length).toBe(d.events * d.featureNames.length);
      // The in-memory parser agrees with the streaming one.
      expect(parseDarkMachines(text, name)).toEqual(d);
    }
    expect((await readDarkMachinesFile(fixture("real", "darkmachines", FILES[0] as string))).events).toBe(
      1000,
    );
    const mono = await readDarkMachinesFile(fixture("real", "darkmachines", FILES[1] as string));
    expect(mono.events).toBe(1581);
    expect(new Set(mono.processIds)).toEqual(new Set(["monotop_200_A"]));
  });

  it("converts the first background event to GeV, jets sorted by pT, zero-padded", async () => {
    const d = await readDarkMachinesFile(fixture("real", "darkmachines", FILES[0] as string));
    const row = (name: string) => d.features[d.featureNames.indexOf(name)];
    // Line 1: 179903555;njets;1;351709;-2.56781;j,672376,506951,0.784228,0.908651;… 5 jets.
    expect(d.eventIds[0]).toBe(179903555n);
    expect(d.weights[0]).toBe(1);
    expect(row("MET")).toBe(Math.fround(351.709));
    expect(row("METphi")).toBe(Math.fround(-2.56781));
    expect([row("j1_E"), row("j1_pt"), row("j1_eta"), row("j1_phi")]).toEqual(
      [672.376, 506.951, 0.784228, 0.908651].map(Math.fround),
    );
    expect(row("j5_pt")).toBe(Math.fround(61.0433));
    expect([row("j6_pt"), row("b1_pt"), row("e1_pt")]).toEqual([0, 0, 0]);
    expect([row("n_j"), row("n_b"), row("n_e"), row("n_m"), row("n_g")]).toEqual([5, 0, 0, 0, 0]);
  });

  it("keeps charges and counts events beyond the caps", () => {
    const line = (objs: string) => `1;x;0.5;1000;0.1;${objs};`;
    const jets = Array.from({ length: 10 }, (_, i) => `j,${(i + 1) * 1000},${(i + 1) * 1000},0,0`).join(";");
    const d = parseDarkMachines(`${line(`m-,5000,4000,1,2;e+,3000,2000,0.5,0.5;${jets}`)}\n`, "x.csv");
    const row = (name: string) => d.features[d.featureNames.indexOf(name)];
    expect([row("m1_pt"), row("m1_q"), row("e1_pt"), row("e1_q")]).toEqual([4, -1, 2, 1]);
    // Ten jets kept as the 8 hardest: 10, 9, … 3 GeV.
    expect([row("j1_pt"), row("j8_pt"), row("n_j")]).toEqual([10, 3, 10]);
    expect(d.overflow).toEqual({ j: 1, b: 0, e: 0, m: 0, g: 0 });
    expect(d.featureNames.length).toBe(2 + 8 * 4 + 4 * 4 + 2 * 5 + 2 * 5 + 2 * 4 + 5);
    expect(darkMachinesFeatureNames(DARKMACHINES_CAPS)).toEqual(d.featureNames);
  });

  it("tolerates CRLF line ends", () => {
    const d = parseDarkMachines("1;a;1;2000;0;j,1000,1000,0,0;\r\n2;b;1;3000;0;\r\n", "x.csv");
    expect([d.events, d.processIds]).toEqual([2, ["a", "b"]]);
  });

  const err = (text: string): ScoreFileError => {
    try {
      parseDarkMachines(text, "dm.csv");
    } catch (e) {
      return e as ScoreFileError;
    }
    throw new Error("no error");
  };
  const GOOD = "1;ttbar;1;2000;0.1;j,1000,1000,0,0;";

  it("names the line and token of an unknown object type", () => {
    const e = err(`${GOOD}\n${GOOD}\n2;ttbar;1;2000;0.1;j,1000,1000,0,0;tau,500,400,0.1,0.2;\n`);
    expect(e.code).toBe("upload:bad_line");
    expect(e.message).toBe(
      "dm.csv: line 3 object 2 'tau,500,400,0.1,0.2' has unknown type 'tau'; expected one of j b e- e+ m- m+ g",
    );
  });

  it("refuses an object type that is an Object.prototype member name", () => {
    expect(err("1;x;1;2;0;constructor,1,2,3,4;\n").message).toBe(
      "dm.csv: line 1 object 1 'constructor,1,2,3,4' has unknown type 'constructor'; expected one of j b e- e+ m- m+ g",
    );
  });

  it("names the line of a truncated line, a wrong field count and a non-number", async () => {
    expect(err(`${GOOD}\n2;ttbar;1;2000;0.1;j,1000,10`).message).toBe(
      "dm.csv: line 2 does not end with ';' as every Dark Machines event line does; the line or file is cut off",
    );
    expect(err(`${GOOD}\n2;ttbar;1;2000;0.1;j,1000,10;\n`).message).toBe(
      "dm.csv: line 2 object 1 'j,1000,10' has 3 fields; each object is type,E,pt,eta,phi",
    );
    expect(err(`${GOOD}\n${GOOD}\n${GOOD}\n3;ttbar;\n`).message).toBe(
      "dm.csv: line 4 has 2 fields; expected event_id;process_id;weight;MET;METphi; then objects type,E,pt,eta,phi;",
    );
    expect(err(`2;ttbar;1;2000;0.1;j,1000,abc,0,0;\n`).message).toBe(
      "dm.csv: line 1 object 1 'j,1000,abc,0,0' has pt 'abc'; expected a finite number",
    );
    expect(err(`2;ttbar;1;x;0.1;\n`).message).toBe("dm.csv: line 1 has MET 'x'; expected a finite number");
    expect(err(`2.5;ttbar;1;1;0.1;\n`).message).toBe(
      "dm.csv: line 1 has event_id '2.5'; expected a whole number",
    );
    expect(err(`${GOOD}\n\n${GOOD}\n`).message).toBe(
      "dm.csv: line 2 does not end with ';' as every Dark Machines event line does; the line or file is cut off",
    );
    // A real file cut mid-line, through the streaming reader.
    const src = readFileSync(fixture("real", "darkmachines", FILES[1] as string), "utf8");
    const cutAt = src.split("\n").slice(0, 700).join("\n").length + 40;
    const cut = path.join(dir, "cut.csv");
    writeFileSync(cut, src.slice(0, cutAt));
    await expect(readDarkMachinesFile(cut)).rejects.toThrow("cut.csv: line 701 does not end with ';'");
  });
});
