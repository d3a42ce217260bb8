import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain-JavaScript build script, no types
import { buildJetsWasm, MODULE_TS, moduleSource } from "../../../scripts/build-jets-wasm.mjs";

describe("the committed clustering module", () => {
  it("is the build of lib/physics/wasm/jets.c (run scripts/build-jets-wasm.mjs after editing it)", () => {
    const committed = fs.readFileSync(path.resolve(MODULE_TS), "utf8");
    expect(committed).toBe(moduleSource(buildJetsWasm()));
  });
});
