import fs from "node:fs";
import { describe, expect, it } from "vitest";

// Next.js serves app/favicon.ico at /favicon.ico and app/icon.svg at /icon.svg, linking both from
// every page's <head>; scripts/make-favicon.mjs makes the first from the second.

describe("the site icon", () => {
  it("app/favicon.ico is an ICO of 16, 32 and 48 px PNG images", () => {
    const ico = fs.readFileSync("app/favicon.ico");
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const n = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = 6 + 16 * i;
      const [w, h, bytes, offset] = [ico[e], ico[e + 1], ico.readUInt32LE(e + 8), ico.readUInt32LE(e + 12)];
      const png = ico.subarray(offset, offset + bytes);
      expect(png.length).toBe(bytes);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // IHDR: width and height as the directory entry says
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w, h]);
      sizes.push(w as number);
    }
    expect(sizes).toEqual([16, 32, 48]);
  });

  it("app/icon.svg is a small self-contained SVG (no script, no external reference)", () => {
    const svg = fs.readFileSync("app/icon.svg", "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">/);
    expect(svg).not.toMatch(/<script|href=|url\(|<image|<foreignObject/i);
    expect(svg.length).toBeLessThan(2000);
  });
});
