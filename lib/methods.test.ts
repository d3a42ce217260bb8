import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { baselineLabel, PLAIN_BUMP_HUNT, SCORE_BASELINE_KEYS } from "@/scorer/baselines/registry";

vi.mock("server-only", () => ({}));
const { baselineMethods, calibrationStudy } = await import("./methods");

describe("the methods page's data", () => {
  it("reads the committed calibration study: its command, six verdicts and its figures", () => {
    const study = calibrationStudy();
    expect(study).not.toBeNull();
    expect(study!.command).toMatch(/^npm run study:calibration -- /);
    expect(study!.verdicts.map((v) => `${v.variant}/${v.kind}`)).toEqual([
      "pythia/plain",
      "pythia/random",
      "pythia/pt1",
      "herwig/plain",
      "herwig/random",
      "herwig/pt1",
    ]);
    // docs/calibration.md's table: Pythia-like plain bump hunt, KS p 0.533, 12 of 196 below 0.05.
    expect(study!.verdicts[0]).toMatchObject({ n: 196, below05: 12, pass: true });
    expect(study!.verdicts[0]!.ksP).toBeCloseTo(0.533, 3);
    expect(study!.figures.map((f) => f.name)).toContain("qq-pythia.svg");
    for (const f of study!.figures) {
      expect(f.svg.startsWith("<svg ")).toBe(true);
      expect(f.svg).not.toMatch(/<script|on\w+=/i);
    }
  });

  it("says there is no study where the folder is missing", () => {
    expect(calibrationStudy(path.join(os.tmpdir(), `no-such-${Date.now()}`))).toBeNull();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-methods-"));
    fs.writeFileSync(path.join(dir, "verdicts.json"), "not json");
    expect(calibrationStudy(dir)).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });

  it("lists the plain bump hunt and every score baseline", () => {
    expect(baselineMethods().map((b) => b.key)).toEqual(["bump-hunt", "mahalanobis", "ae"]);
  });

  it("names each baseline as its rows store it, and labels unknown keys by themselves", () => {
    expect(baselineMethods()[0]?.method).toBe(PLAIN_BUMP_HUNT.method);
    expect(SCORE_BASELINE_KEYS).toEqual(["mahalanobis", "ae"]);
    expect(["bump-hunt", "mahalanobis", "ae", "other"].map(baselineLabel)).toEqual([
      "Plain bump hunt",
      "Mahalanobis",
      "Autoencoder",
      "other",
    ]);
  });
});
