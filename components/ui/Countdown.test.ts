import { describe, expect, it } from "vitest";
import { countdownText } from "./Countdown";

describe("countdownText", () => {
  it("shows the two largest units, zero-padded below the first", () => {
    expect(countdownText((2 * 86_400 + 4 * 3600 + 59 * 60) * 1000)).toBe("in 2 d 4 h");
    expect(countdownText((3 * 3600 + 5 * 60 + 59) * 1000)).toBe("in 3 h 05 min");
    expect(countdownText((4 * 60 + 9) * 1000 + 999)).toBe("in 4 min 09 s");
    expect(countdownText(500)).toBe("in 0 min 00 s");
  });
  it("says passed at and after the instant", () => {
    expect(countdownText(0)).toBe("passed");
    expect(countdownText(-5000)).toBe("passed");
  });
});
