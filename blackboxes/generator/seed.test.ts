import { describe, expect, it } from "vitest";
import { generateEvents } from "./generate";
import { isStrongSeed, parseSeed, seedWords } from "./seed";

const spec = {
  events: 3000,
  background: {},
  signals: [{ model: "resonance-xy", n: 100, mass: 3500, mX: 500, mY: 100 }],
};
const HEX = "7f".repeat(32);

describe("generator seeds", () => {
  it("an integer seed sets the Philox key only (the streams of boxes built before 256-bit seeds)", () => {
    expect(seedWords(2 ** 32 + 7)).toEqual({ k0: 7, k1: 1, c2: 0, c3: 0, mask: new Uint32Array(4) });
  });

  it("a 256-bit seed sets key, counter words and mask, and every bit of it changes the events", () => {
    const w = seedWords(HEX);
    expect([w.c2, w.c3, ...w.mask].some((x) => x !== 0)).toBe(true);
    const a = generateEvents(spec, HEX);
    expect(
      Buffer.from(generateEvents(spec, HEX).features.buffer).equals(Buffer.from(a.features.buffer)),
    ).toBe(true);
    // The last bit of the seed, which no 128-bit Philox state alone would see, gives other events.
    const other = `${HEX.slice(0, 63)}e`;
    expect(
      Buffer.from(generateEvents(spec, other).features.buffer).equals(Buffer.from(a.features.buffer)),
    ).toBe(false);
  });

  it("parses seeds from command lines and specs, naming the field when wrong", () => {
    expect(parseSeed(HEX.toUpperCase())).toBe(HEX);
    expect(parseSeed("2021")).toBe(2021);
    expect(() => parseSeed("0x12", "--seed")).toThrow(/--seed must be 64 hex digits/);
    expect(() => seedWords("abc")).toThrow(RangeError);
    expect([isStrongSeed(HEX), isStrongSeed(2021), isStrongSeed("12")]).toEqual([true, false, false]);
  });
});
