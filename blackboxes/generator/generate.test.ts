import { describe, expect, it } from "vitest";
import { InputError } from "@/core/errors";
import { FEATURE_NAMES } from "@/core/events";
import { generateEvents } from "./generate";
import { generateEventsParallel } from "./parallel";
import { lhcoSummary } from "./reference";

const mixed = {
  background: { n: 20_000 },
  signals: [
    { model: "resonance-xy", n: 2_000, mass: 3500, mX: 500, mY: 100 },
    { model: "resonance-dijet", n: 1_000, mass: 4200, mode: "cascade", mR: 2217 },
    { model: "resonance-dijet", n: 1_000, mass: 3000 },
    { model: "resonance-xy", n: 1_000, mass: 3823, mX: 732, mY: 378, prongs: 3 },
  ],
};

function bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe("generateEvents", () => {
  it("returns [N, 13] features in the documented order, labels by spec component", () => {
    const g = generateEvents(mixed, 1);
    expect(g.featureNames).toEqual([...FEATURE_NAMES]);
    expect(g.features.length).toBe(25_000 * 13);
    const counts = [0, 0, 0, 0, 0];
    for (const l of g.labels) counts[l] = (counts[l] as number) + 1;
    expect(counts).toEqual([20_000, 2_000, 1_000, 1_000, 1_000]);
    expect(g.componentParams.map((c) => [c.label, c.model, c.n])).toEqual([
      [0, "qcd-dijet", 20_000],
      [1, "resonance-xy", 2_000],
      [2, "resonance-dijet", 1_000],
      [3, "resonance-dijet", 1_000],
      [4, "resonance-xy", 1_000],
    ]);
    expect(Number.isFinite(g.features.reduce((t, v) => t + v, 0))).toBe(true);
  });

  it("is deterministic: same spec and seed give the same bytes, another seed does not", () => {
    const a = generateEvents(mixed, 42);
    const b = generateEvents(mixed, 42);
    expect(bytes(a.features).equals(bytes(b.features))).toBe(true);
    expect(Buffer.from(a.labels).equals(Buffer.from(b.labels))).toBe(true);
    const c = generateEvents(mixed, 43);
    expect(bytes(a.features).equals(bytes(c.features))).toBe(false);
  });

  it("keeps the background the same when a signal is added (own stream per component)", () => {
    const bg = (spec: object) => {
      const g = generateEvents(spec, 5);
      return lhcoSummary(g.features, g.labels, 0).mjj;
    };
    expect(bg({ background: { n: 5_000 } })).toEqual(bg({ ...mixed, background: { n: 5_000 } }));
  });

  it("obeys the trigger and 2-body kinematics: mjj from the written jets to float32 precision", () => {
    const g = generateEvents(mixed, 3);
    let worst = 0;
    for (let i = 0; i < g.labels.length; i++) {
      const r = g.features.subarray(i * 13, i * 13 + 13);
      const [mjj, m1, m2, , , , , pt1, pt2, eta1, eta2, phi1, phi2] = Array.from(r) as number[];
      expect(pt1 as number).toBeGreaterThan(1200);
      expect(pt1 as number).toBeGreaterThanOrEqual(pt2 as number);
      const four = (pt: number, eta: number, phi: number, m: number) => {
        const px = pt * Math.cos(phi);
        const py = pt * Math.sin(phi);
        const pz = pt * Math.sinh(eta);
        return [px, py, pz, Math.sqrt(px * px + py * py + pz * pz + m * m)] as const;
      };
      const a = four(pt1 as number, eta1 as number, phi1 as number, m1 as number);
      const b = four(pt2 as number, eta2 as number, phi2 as number, m2 as number);
      const e = a[3] + b[3];
      const p2 = (a[0] + b[0]) ** 2 + (a[1] + b[1]) ** 2 + (a[2] + b[2]) ** 2;
      worst = Math.max(worst, Math.abs(Math.sqrt(e * e - p2) / (mjj as number) - 1));
    }
    // float32 rounding of pT, η, φ (relative 6e-8, but η enters through sinh at |η| ~ 3) → 1e-5.
    expect(worst).toBeLessThan(1e-5);
  });

  it("leaves no side channel: row position carries no label information (rank AUC ≈ 0.5)", () => {
    const g = generateEvents({ background: { n: 200_000 }, signals: [mixed.signals[0]] }, 11);
    let n1 = 0;
    let rankSum = 0;
    for (let i = 0; i < g.labels.length; i++) {
      if (g.labels[i] !== 0) {
        n1++;
        rankSum += i + 1;
      }
    }
    const n0 = g.labels.length - n1;
    const auc = (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
    // null σ = √((n0 + n1 + 1)/(12 n0 n1)) ≈ 0.002 for these sizes
    expect(Math.abs(auc - 0.5)).toBeLessThan(0.01);
  });

  it("rejects bad specs with the field named", () => {
    const bad = (spec: unknown, field: string) => {
      try {
        generateEvents(spec, 1);
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        const err = e as InputError;
        expect(err.details?.fields?.map((f) => f.field)).toContain(field);
        expect(err.message).toContain(field);
        return;
      }
      throw new Error(`accepted a spec with a bad ${field}`);
    };
    bad({ background: { n: -1 } }, "background.n");
    bad({ background: { n: 10, variant: "sherpa" } }, "background.variant");
    bad(
      { background: { n: 10 }, signals: [{ model: "resonance-xy", n: 5, mass: 3500, mX: 3000, mY: 100 }] },
      "signals[0].mY",
    );
    bad(
      { background: { n: 10 }, signals: [{ model: "resonance-xy", n: 5, mass: 3500, mY: 100 }] },
      "signals[0].mX",
    );
    bad(
      { background: { n: 10 }, signals: [{ model: "resonance-dijet", n: 5, mass: 4200, mode: "cascade" }] },
      "signals[0].mR",
    );
    bad({ background: { n: 10 }, signals: [{ model: "z-prime", n: 5, mass: 4200 }] }, "signals[0].model");
    bad(
      { background: { n: 10 }, signals: [{ model: "resonance-dijet", n: 5, mass: 40_000 }] },
      "signals[0].mass",
    );
    expect(() => generateEvents({ background: { n: 1 } }, -1)).toThrow(RangeError);
  });
});

describe("generateEventsParallel", () => {
  it("gives the bytes of generateEvents on 2 threads (blocks of several components, shared counter)", async () => {
    const spec = { ...mixed, background: { n: 60_000 } };
    const one = generateEvents(spec, 9);
    const two = await generateEventsParallel(spec, 9, 2);
    expect(bytes(two.features).equals(bytes(one.features))).toBe(true);
    expect(Buffer.from(two.labels).equals(Buffer.from(one.labels))).toBe(true);
    expect(two.componentParams).toEqual(one.componentParams);
  });

  it("rethrows a failure from any thread and stays usable afterwards", async () => {
    const dead = {
      background: { n: 40_000 },
      signals: [{ model: "resonance-dijet", n: 40_000, mass: 1000 }],
    };
    await expect(generateEventsParallel(dead, 1, 2)).rejects.toThrow(/signals\[0\].*trigger/);
    const ok = await generateEventsParallel({ background: { n: 20_000 } }, 1, 2);
    expect(ok.labels.length).toBe(20_000);
  });
});
