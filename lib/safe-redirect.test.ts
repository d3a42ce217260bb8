import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-redirect";

describe("safeCallbackUrl", () => {
  it("follows same-site paths only", () => {
    expect(safeCallbackUrl("/challenges/x")).toBe("/challenges/x");
    expect(safeCallbackUrl(["/account", "/x"])).toBe("/account");
    expect(safeCallbackUrl("/a/./b/../c?x=1#y")).toBe("/a/c?x=1#y");
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\t/evil.example",
      "/a/..//evil",
      "",
      undefined,
    ]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
  });
});
