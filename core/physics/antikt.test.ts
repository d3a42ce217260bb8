import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "@/core/rng/mulberry32";
import { fixture, lhcoTinyRows } from "@/tests/support/lhco";
import { antiKtJets, clusterAntiKt, jetOf } from "./antikt";
import { Clusterer } from "./cluster";
import { LHCO_SLOTS } from "./features";

interface RefJet {
  pt: number;
  eta: number;
  phi: number;
  m: number;
  nConstituents: number;
}
interface RefEvent {
  event: number;
  nParticles: number;
  nJets: number;
  jets: RefJet[];
  mjj: number;
}

// reference: FastJet 3.4.0 anti-kT R = 1.0, E-scheme, on events_anomalydetection_tiny.h5 (fixtures README).
// The JSON has 10 significant digits, so 1e-6 relative is far above its rounding. Every jet mass
// there is ≥ 18 GeV (m/pT ≥ 0.013), so masses are compared relative to themselves with no floor;
// φ is compared by its wrapped difference, relative to |φ| (all |φ| ≥ 0.0054 there).
const REL = 1e-6;
const close = (got: number, want: number) => Math.abs(got - want) <= REL * Math.abs(want);
const wrap = (d: number) => Math.abs(Math.atan2(Math.sin(d), Math.cos(d)));

// Whole-file tests take a few seconds alone and far longer on a busy 2-core machine: past vitest's 5 s.
const WHOLE_FILE_MS = 60_000;

describe("anti-kT R = 1.0 against FastJet 3.4.0 on the 1000 LHCO tiny events", () => {
  let rows: Float64Array;
  let stride: number;
  let ref: RefEvent[];
  beforeAll(async () => {
    ({ rows, stride } = await lhcoTinyRows());
    ref = JSON.parse(fs.readFileSync(fixture("real", "lhco", "tiny_fastjet_antikt10.json"), "utf8")).events;
  });

  it(
    "matches particle and jet counts, the two leading jets and mjj of every event",
    () => {
      expect(ref).toHaveLength(1000);
      const c = new Clusterer();
      const bad: string[] = [];
      for (const r of ref) {
        c.loadTriples(rows, r.event * stride, LHCO_SLOTS);
        clusterAntiKt(c);
        if (c.n !== r.nParticles || c.nInclusive !== r.nJets)
          bad.push(`event ${r.event}: ${c.n} particles, ${c.nInclusive} jets`);
        const jets = [0, 1].map((j) => jetOf(c, c.inclusive[j]!));
        jets.forEach((jet, j) => {
          const want = r.jets[j]!;
          const ok =
            close(jet.pt, want.pt) &&
            close(jet.eta, want.eta) &&
            close(jet.m, want.m) &&
            wrap(jet.phi - want.phi) <= REL * Math.abs(want.phi) &&
            jet.constituents.length === want.nConstituents;
          if (!ok) bad.push(`event ${r.event} jet ${j}: ${JSON.stringify(jet)} vs ${JSON.stringify(want)}`);
        });
        const [a, b] = jets as [(typeof jets)[0], (typeof jets)[0]];
        const e = a.e + b.e;
        const mjj = Math.sqrt(
          (e - a.pz - b.pz) * (e + a.pz + b.pz) - (a.px + b.px) ** 2 - (a.py + b.py) ** 2,
        );
        if (!close(mjj, r.mjj)) bad.push(`event ${r.event}: mjj ${mjj} vs ${r.mjj}`);
      }
      expect(bad).toEqual([]);
    },
    WHOLE_FILE_MS,
  );

  it(
    "tiled and plain N2 loops give the same jets, bit for bit",
    () => {
      const tiled = new Clusterer();
      const plain = new Clusterer();
      for (let i = 0; i < 1000; i++) {
        tiled.loadTriples(rows, i * stride, LHCO_SLOTS);
        plain.loadTriples(rows, i * stride, LHCO_SLOTS);
        clusterAntiKt(tiled);
        plain.run(true, 1);
        plain.sortInclusiveByPt();
        expect(tiled.nInclusive).toBe(plain.nInclusive);
        for (let j = 0; j < tiled.nInclusive; j++) {
          const a = jetOf(tiled, tiled.inclusive[j]!);
          const b = jetOf(plain, plain.inclusive[j]!);
          expect([a.px, a.py, a.pz, a.e]).toEqual([b.px, b.py, b.pz, b.e]);
          expect(a.constituents).toEqual(b.constituents);
        }
      }
    },
    WHOLE_FILE_MS,
  );

  it("gives each particle to exactly one jet, and jets by decreasing pT with φ in [−π, π]", () => {
    const c = new Clusterer();
    for (let i = 0; i < 50; i++) {
      c.loadTriples(rows, i * stride, LHCO_SLOTS);
      clusterAntiKt(c);
      const seen = new Int32Array(c.n);
      let prev = Number.POSITIVE_INFINITY;
      for (let j = 0; j < c.nInclusive; j++) {
        const jet = jetOf(c, c.inclusive[j]!);
        for (const p of jet.constituents) seen[p]!++;
        expect(jet.pt).toBeLessThanOrEqual(prev);
        expect(Math.abs(jet.phi)).toBeLessThanOrEqual(Math.PI);
        prev = jet.pt;
      }
      expect(seen.every((s) => s === 1)).toBe(true);
    }
  });
});

describe("antiKtJets", () => {
  it("keeps particles farther apart than R as separate jets and drops zero-pT padding", () => {
    const jets = antiKtJets([50, 100, 0], [0, 0, 0], [3, 0, 1]);
    expect(jets.map((j) => j.pt)).toEqual([100, 50]);
    expect(jets.map((j) => [...j.constituents])).toEqual([[1], [0]]);
  });

  it("merges a soft particle within R into the hard one (E-scheme sum)", () => {
    const [jet, ...rest] = antiKtJets([100, 1], [0, 0], [0, 0.5]);
    expect(rest).toHaveLength(0);
    expect(jet!.px).toBeCloseTo(100 + Math.cos(0.5), 12);
    expect(jet!.py).toBeCloseTo(Math.sin(0.5), 12);
    // m² = 2 pT1 pT2 (cosh Δη − cos Δφ) for two massless particles
    expect(jet!.m).toBeCloseTo(Math.sqrt(2 * 100 * (1 - Math.cos(0.5))), 10);
  });

  it("wraps φ: particles at φ = 3.1 and −3.1 are 0.083 apart", () => {
    expect(antiKtJets([100, 10], [0, 0], [3.1, -3.1])).toHaveLength(1);
  });
});

describe("Clusterer", () => {
  it("refuses a radius that is not positive and finite, and more particles than reset made room for", () => {
    const c = new Clusterer();
    c.reset(2);
    c.add(100, 0, 0, 100);
    c.add(50, 5, 0, Math.hypot(50, 5));
    for (const r of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => c.runAntiKtTiled(r)).toThrow(`the jet radius must be positive and finite, got ${r}`);
    expect(() => c.run(false, 0)).toThrow("the jet radius must be positive and finite, got 0");
    expect(() => c.add(10, 0, 0, 10)).toThrow("room for 2 particles: call reset(capacity) with more first");
  });

  it("clusters with a tiny radius on a grid of capped size, as the plain loop does", () => {
    // 2π/1e-6 columns would be millions of cells: the grid keeps at most 256 columns, wider than R
    // random places (seeded), no exactly equal distances: ties may be taken in another order
    const rnd = mulberry32(3);
    const n = 300;
    const triples = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) triples.set([1 + 100 * rnd() ** 4, 0.4 * rnd() - 0.2, 0.3 * rnd()], 3 * i);
    const tiled = new Clusterer();
    const plain = new Clusterer();
    for (const r of [1e-6, 1e-4, 0.004, 0.05]) {
      tiled.loadTriples(triples, 0, n);
      tiled.runAntiKtTiled(r);
      plain.loadTriples(triples, 0, n);
      plain.run(true, r);
      expect(tiled.nInclusive).toBe(plain.nInclusive);
      expect([...tiled.inclusive.subarray(0, tiled.nInclusive)]).toEqual([
        ...plain.inclusive.subarray(0, plain.nInclusive),
      ]);
    }
    // 300 particles need well under a MB; an uncapped grid for R = 1e-4 took hundreds
    const memory = (tiled as unknown as { wasm: { memory: WebAssembly.Memory } }).wasm.memory;
    expect(memory.buffer.byteLength).toBeLessThan(16 * 2 ** 20);
    expect(tiled.nInclusive).toBeLessThan(n / 2); // R = 0.05 merges most of 300 particles in 0.4 × 0.3
  });
});
