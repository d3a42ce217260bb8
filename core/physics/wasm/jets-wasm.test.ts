import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/core/rng/mulberry32";
// @ts-expect-error: a plain-JavaScript build script, no types
import { buildWasm, MODULES, moduleSource } from "@/scripts/build-wasm.mjs";
import { Clusterer } from "../cluster";

// These tests compile jets.c, so they need Debian's clang and lld. Without them they are skipped on a
// developer's machine, saying why, and fail under CI=true (.ci/run installs both).
const toolsMissing = ["clang", "wasm-ld"].filter((t) => spawnSync(t, ["--version"]).status !== 0);
const skip = toolsMissing.length > 0 && process.env.CI !== "true";
if (skip)
  console.warn(`jets-wasm tests skipped: ${toolsMissing.join(" and ")} missing (apt-get install clang lld)`);

describe.skipIf(skip)("the committed clustering module", () => {
  it("is the build of core/physics/wasm/jets.c (run scripts/build-wasm.mjs after editing it)", () => {
    const committed = fs.readFileSync(path.resolve(MODULES.jets.moduleTs), "utf8");
    expect(committed).toBe(moduleSource("jets", buildWasm("jets")));
  });
});

describe.skipIf(skip)("the anti-kT grid's point pool", () => {
  it("gives the plain N2 loop's jets when cells move and the pool compacts all the time (JETS_STRESS build)", () => {
    const stressed = new Clusterer(new WebAssembly.Module(buildWasm("jets", undefined, ["JETS_STRESS"])));
    const plain = new Clusterer();
    // seeded: events of 200–1000 particles with steeply falling pT over |η| < 2.5, R from 0.3 to 1
    const rnd = mulberry32(7);
    for (let ev = 0; ev < 12; ev++) {
      const n = 200 + Math.floor(800 * rnd());
      const r = 0.3 + 0.7 * rnd();
      const triples = new Float64Array(3 * n);
      for (let i = 0; i < n; i++) {
        triples[3 * i] = 1 + 200 * rnd() ** 6;
        triples[3 * i + 1] = 5 * rnd() - 2.5;
        triples[3 * i + 2] = 2 * Math.PI * rnd() - Math.PI;
      }
      stressed.loadTriples(triples, 0, n);
      stressed.runAntiKtTiled(r);
      plain.loadTriples(triples, 0, n);
      plain.run(true, r);
      expect(stressed.nMerges).toBe(plain.nMerges);
      // the same jets in the same beam order, each from the same particles
      expect([...stressed.inclusive.subarray(0, stressed.nInclusive)]).toEqual([
        ...plain.inclusive.subarray(0, plain.nInclusive),
      ]);
      for (let k = 0; k < stressed.nMerges; k++) {
        const h = n + k;
        expect([stressed.px[h], stressed.e[h], stressed.count[h]]).toEqual([
          plain.px[h],
          plain.e[h],
          plain.count[h],
        ]);
      }
    }
    const counters = (stressed as unknown as { wasm: { moves(): number; compactions(): number } }).wasm;
    expect(counters.moves()).toBeGreaterThan(1000);
    expect(counters.compactions()).toBeGreaterThan(10);
  });
});
