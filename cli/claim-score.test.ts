import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeTruthFile } from "@/core/formats";
import { importEvents } from "@/lib/imports";
import { submissionSettings } from "@/lib/submissions/config";
import { claimTruthOf } from "@/lib/submissions/truth";
import { scoreClaim, validateClaim } from "@/scorer/metrics";
import { runCli as run } from "@/tests/support/cli";
import { fixture } from "@/tests/support/lhco";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-claim-score-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, content: string | Uint8Array) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

/** What the worker scores at the reveal (score-submission.ts): the box's spec, default config. */
function serverScore(claim: object, spec: Record<string, unknown>, nEvents: number) {
  const box = { ...submissionSettings({ scoringConfig: {}, quotas: null }).claims, nEvents };
  return scoreClaim(
    validateClaim(claim as Parameters<typeof validateClaim>[0], box),
    claimTruthOf({ spec }),
    box,
  );
}

describe("arena claim-score --truth truth.h5", () => {
  // LHCO Black Box 1-like: a W' → XY at 3823 GeV (X 732, Y 378 GeV) and a 4200 GeV cascade (R 2217).
  const generator = {
    events: 600,
    background: {},
    signals: [
      { model: "resonance-xy", n: 30, mass: 3823, mX: 732, mY: 378 },
      { model: "resonance-dijet", n: 20, mass: 4200, mode: "cascade", mR: 2217 },
    ],
  };
  const claim = {
    signalPresent: true,
    mass: 3800,
    massUncertainty: 50,
    nSignal: 25,
    nSignalUncertainty: 8,
    daughterMasses: [
      { mass: 740, uncertainty: 20 },
      { mass: 370, uncertainty: 30 },
    ],
  };

  it("scores a generated box's published truth file as the server scores the box, no --events needed", async () => {
    const out = path.join(dir, "box");
    const spec = write("spec.json", JSON.stringify({ generator, seed: 11 }));
    const made = await run("generate", spec, "--out", out, "--json");
    expect(made.code, made.err).toBe(0);
    const truth = path.join(out, "truth.h5");
    const claimFile = write("claim.json", JSON.stringify(claim));
    const r = await run("claim-score", "--claim", claimFile, "--truth", truth, "--json");
    expect(r.code, r.err).toBe(0);
    const json = JSON.parse(r.out);
    expect(json).toEqual(JSON.parse(JSON.stringify(serverScore(claim, { generator }, 600))));
    // Read from the file: the nearer resonance, its events and both daughter masses.
    expect(json.matchedComponent).toBe(1);
    expect(json.pulls.mass).toBeCloseTo(23 / 50, 12);
    expect(json.pulls.nSignal).toBeCloseTo(5 / 8, 12);
    expect(json.pulls.daughterMasses[0]).toBeCloseTo(8 / 20, 12);
    expect(json.pulls.daughterMasses[1]).toBeCloseTo(8 / 30, 12);
    // The flat nSignal default is ln(the box's 600 events, the file's rows): leave nSignal out.
    const noN = write(
      "claim-non.json",
      JSON.stringify({ signalPresent: true, mass: 4150, massUncertainty: 60 }),
    );
    const r2 = JSON.parse((await run("claim-score", "--claim", noN, "--truth", truth, "--json")).out);
    expect(r2.matchedComponent).toBe(2);
    expect(r2.terms.nSignal).toBeCloseTo(Math.log(600), 12);

    expect((await run("claim-score", "--claim", claimFile, "--truth", truth, "--events", "600")).code).toBe(
      0,
    );
    const wrong = await run("claim-score", "--claim", claimFile, "--truth", truth, "--events", "500");
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain(
      `--events 500, but --truth ${truth} holds 600 events (the box's); leave --events out`,
    );
  });

  it("an imported box's truth file gives the resonances whose mass the organizer gave", async () => {
    const dm = (f: string) => fixture("real", "darkmachines", f);
    const signals = [{ label: 1, mass: 650, daughterMasses: [200] }];
    const events = await importEvents(
      "darkmachines",
      [
        { role: "background", name: "background.csv", path: dm("background_chan1_7.79_reduced.csv") },
        { role: "signal", name: "monotop.csv", path: dm("monotop_200_A_chan1.csv") },
      ],
      { seed: 3, signals },
    );
    events.close?.();
    const truth = write(
      "imported-truth.h5",
      await writeTruthFile({ ...events, salt: "a fixed salt for tests" }),
    );
    const c = { signalPresent: true, mass: 600, massUncertainty: 40, nSignal: 1500, nSignalUncertainty: 100 };
    const r = await run(
      "claim-score",
      "--claim",
      write("c2.json", JSON.stringify(c)),
      "--truth",
      truth,
      "--json",
    );
    expect(r.code, r.err).toBe(0);
    const n = events.labels.length;
    const spec = { import: { signals, components: events.params.components } };
    expect(JSON.parse(r.out)).toEqual(JSON.parse(JSON.stringify(serverScore(c, spec, n))));
    expect(JSON.parse(r.out).pulls.nSignal).toBeCloseTo(81 / 100, 12); // 1581 monotop events
  });

  it("refuses other files naming the file and the formats it takes", async () => {
    const claimFile = write("claim3.json", JSON.stringify(claim));
    const score = (truth: string, ...more: string[]) =>
      run("claim-score", "--claim", claimFile, "--truth", truth, ...more);
    const formats =
      'expected a sealed truth file (HDF5, the truth.h5 published at the reveal) or JSON { "resonances": [...] }';

    const notHdf5 = write("fake-truth.h5", "not an hdf5 file");
    expect(await score(notHdf5)).toMatchObject({
      code: 1,
      err: expect.stringContaining(`--truth ${notHdf5}: not an HDF5 file (no HDF5 signature); ${formats}`),
    });
    const text = write("truth.txt", "mass = 3823");
    const bad = await score(text, "--events", "600");
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`--truth ${text}: neither HDF5 nor valid JSON (`);
    expect(bad.err).toContain(formats);
    const noList = write("truth.json", JSON.stringify({ mass: 3823 }));
    expect((await score(noList, "--events", "600")).err).toContain(
      `--truth ${noList}: JSON without a "resonances" array; ${formats}`,
    );
    const json = write(
      "truth-ok.json",
      JSON.stringify({ resonances: [{ component: 1, mass: 3823, nSignal: 30 }] }),
    );
    expect(await score(json)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--events is required with a JSON truth"),
    });

    // An HDF5 file that is not a sealed truth file: the public file, and a truth file without params.
    const pub = path.join(dir, "box", "public.h5");
    expect((await score(pub)).err).toContain(
      `--truth ${pub}: an HDF5 file but not a sealed truth file (has no dataset /truth/label; a sealed truth file holds /truth/label and /truth/event_id); ${formats}`,
    );
    const bare = write(
      "bare-truth.h5",
      await writeTruthFile({
        labels: new Int8Array([0, 1]),
        eventIds: new BigInt64Array([0n, 1n]),
        params: { seed: 1 },
        salt: "a fixed salt for tests",
      }),
    );
    expect((await score(bare)).err).toContain(
      `--truth ${bare}: an HDF5 file but not a sealed truth file (params.components: `,
    );
  });
});
