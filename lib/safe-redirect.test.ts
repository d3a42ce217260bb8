import { describe, expect, it } from "vitest";
import { clientIp } from "./auth/options";
import { safeCallbackUrl } from "./safe-redirect";

describe("safeCallbackUrl", () => {
  it("follows same-site paths only", () => {
    expect(safeCallbackUrl("/challenges/x")).toBe("/challenges/x");
    expect(safeCallbackUrl(["/account", "/x"])).toBe("/account");
    for (const bad of ["https://evil.example", "//evil.example", "/\\evil.example", "", undefined]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
  });
});

describe("clientIp", () => {
  it("takes the first forwarded hop, then X-Real-IP", () => {
    expect(clientIp({ "x-forwarded-for": "203.0.113.1, 10.0.0.1" })).toBe("203.0.113.1");
    expect(clientIp(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIp(undefined)).toBe("unknown");
  });
});
