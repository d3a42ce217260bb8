import { describe, expect, it } from "vitest";
import { philox4x32, ToyStream } from "./philox";

describe("Philox4x32-10", () => {
  it("reproduces the Random123 known-answer vectors", () => {
    // reference: Random123 tests/kat_vectors, "philox4x32 10" lines
    const out = new Uint32Array(4);
    philox4x32(0, 0, 0, 0, 0, 0, out);
    expect([...out]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    const f = 0xffffffff;
    philox4x32(f, f, f, f, f, f, out);
    expect([...out]).toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
    expect([...out]).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it("gives toy j the same stream whatever came before", () => {
    const a = new ToyStream(7);
    a.reset(5);
    const first = [a.uniform(), a.uniform(), a.uniform()];
    const b = new ToyStream(7);
    b.reset(4);
    for (let i = 0; i < 11; i++) b.uniform();
    b.reset(5);
    expect([b.uniform(), b.uniform(), b.uniform()]).toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
  });
});
