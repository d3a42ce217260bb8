import { describe, expect, it } from "vitest";
import { warmUpScorer } from "./warmup";

describe("warmUpScorer", () => {
  it("runs the whole discovery metric (fits converge, toys run) on its made-up sample", async () => {
    const lines: string[] = [];
    await warmUpScorer((m) => lines.push(m));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^scorer warmed up in \d+\.\d\d s \(3 of 3 cuts fitted and scanned with toys\)$/,
    );
  }, 60_000);
});
