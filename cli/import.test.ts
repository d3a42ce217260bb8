import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fixture } from "@/tests/support/lhco";
import { runCli } from "@/tests/support/cli";

const run = runCli;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-cli-import-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const lhco = () => fixture("real", "lhco", "events_anomalydetection_tiny.h5");
const dm = (f: string) => fixture("real", "darkmachines", f);

describe("arena import", () => {
  it("lhco: the tiny file becomes public.h5 + truth.h5 + commitment; h5py reads them", async () => {
    const out = path.join(dir, "lhco");
    const r = await run("import", "lhco", lhco(), "--out", out, "--json");
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ format: "lhco", events: 1000, background: 907, features: 13 });
    expect(json.components).toEqual([{ label: 1, name: "signal 1", n: 93 }]);
    const seen = execFileSync(
      "/usr/bin/python3",
      [
        "-c",
        `import h5py, hashlib, sys, json
p = h5py.File(sys.argv[1] + "/public.h5", "r"); t = h5py.File(sys.argv[1] + "/truth.h5", "r")
print(json.dumps({"f": list(p["events/features"].shape), "df": list(p["df/block0_values"].shape),
  "signal": int((t["truth/label"][:] == 1).sum()),
  "sha": hashlib.sha256(open(sys.argv[1] + "/truth.h5", "rb").read()).hexdigest()}))`,
        out,
      ],
      { encoding: "utf8" },
    );
    expect(JSON.parse(seen)).toEqual({ f: [1000, 13], df: [1000, 2100], signal: 93, sha: json.commitment });
    expect(fs.readFileSync(path.join(out, "commitment.txt"), "utf8")).toBe(`${json.commitment}\n`);
  }, 60_000);

  it("darkmachines: background and signal CSVs, one component per signal process", async () => {
    const out = path.join(dir, "dm");
    const r = await run(
      "import",
      "darkmachines",
      "--background",
      dm("background_chan1_7.79_reduced.csv"),
      "--signal",
      dm("monotop_200_A_chan1.csv"),
      "--out",
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^2581 events \(1000 background, 1581 monotop_200_A\)/);
    expect(fs.readdirSync(out).sort()).toEqual(["commitment.txt", "public.h5", "truth.h5"]);
  });

  it("wrong files exit 1 naming the problem and leave nothing in --out", async () => {
    const key = path.join(dir, "short-key.txt");
    fs.writeFileSync(key, "0\n1\n0\n");
    const out = path.join(dir, "bad");
    const r = await run("import", "lhco", lhco(), "--masterkey", key, "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/short-key\.txt.*3.*1000/);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
    const bad = path.join(dir, "tau.csv");
    fs.writeFileSync(bad, "1;njets;1;50000;0.5;tau,1,1,1,1;\n");
    const r2 = await run("import", "darkmachines", "--background", bad, "--out", out);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/tau\.csv.*line 1.*tau/);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
  }, 60_000);

  it("usage errors exit 2", async () => {
    expect((await run("import", "root", "--out", dir)).code).toBe(2);
    expect((await run("import", "lhco", "--out", dir)).code).toBe(2);
    expect((await run("import", "lhco", lhco())).code).toBe(2);
    expect((await run("import", "adc2021", lhco(), "--out", dir)).code).toBe(2);
  });
});
