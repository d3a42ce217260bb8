import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/core/rng/mulberry32";
import { maxWindow, scanWindows } from "./maxscan";
import { PoissonSampler } from "./poisson";
import { scan } from "./scan";

describe("maxWindow", () => {
  it("picks exactly the window and t of a full scan (excess mode), on 2000 random spectra", () => {
    const u = mulberry32(7);
    const rng = { uniform: u };
    for (let trial = 0; trial < 2000; trial++) {
      const nb = 10 + (trial % 40);
      const scale = 10 ** (trial % 6); // 1 to 1e5 events per bin: every regime of the bounds
      const bkg = Array.from({ length: nb }, (_, i) => scale * Math.exp(-i / 8) + 0.01);
      const counts = bkg.map((b) => new PoissonSampler(b).sample(rng));
      const widthMax = 2 + (trial % 6);
      const fast = maxWindow(counts, bkg, scanWindows(nb, 2, widthMax));
      const full = scan(counts, bkg, { widthMin: 2, widthMax });
      expect([fast.locBin, fast.widthBins, 0 - fast.logP]).toEqual([full.locBin, full.widthBins, full.t]);
    }
  });

  it("reports no excess (ln p = 0) when no window is above its background", () => {
    const r = maxWindow([1, 1, 1, 1], [2, 2, 2, 2], scanWindows(4, 2, 2));
    expect(r.logP).toBe(0);
  });

  it("lays out widths then positions, and refuses widths that do not fit", () => {
    const w = scanWindows(4, 2, 3);
    expect(Array.from(w.lo)).toEqual([0, 1, 2, 0, 1]);
    expect(Array.from(w.width)).toEqual([2, 2, 2, 3, 3]);
    expect(() => scanWindows(4, 3, 2)).toThrow(RangeError);
    expect(() => scanWindows(1, 2, 2)).toThrow(RangeError);
  });
});
