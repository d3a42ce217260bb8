import { describe, expect, it } from "vitest";
import { authPageHref, safeCallbackUrl } from "./safe-redirect";

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

describe("authPageHref (the header's Sign in and Sign up links)", () => {
  /** The callbackUrl the sign-in page will follow for a link (it runs the value through safeCallbackUrl). */
  const followed = (href: string) =>
    safeCallbackUrl(new URL(href, "https://arena.example").searchParams.get("callbackUrl") ?? undefined);

  it("carries the current path and query, and the sign-in page follows it back there", () => {
    const href = authPageHref("/signin", "/challenges/lhco/boxes/bb1/leaderboard", "kind=claim");
    expect(href).toBe("/signin?callbackUrl=%2Fchallenges%2Flhco%2Fboxes%2Fbb1%2Fleaderboard%3Fkind%3Dclaim");
    expect(followed(href)).toBe("/challenges/lhco/boxes/bb1/leaderboard?kind=claim");
    expect(authPageHref("/signup", "/challenges/lhco", "")).toBe("/signup?callbackUrl=%2Fchallenges%2Flhco");
    expect(followed(authPageHref("/signin", "/a b/é", "q=x&y=%2F"))).toBe("/a%20b/%C3%A9?q=x&y=%2F");
  });

  it("adds nothing on the home page, and never points back to the sign-in or sign-up form", () => {
    expect(authPageHref("/signin", "/", "")).toBe("/signin");
    expect(authPageHref("/signup", "/signin", "callbackUrl=%2Faccount")).toBe(
      "/signup?callbackUrl=%2Faccount",
    );
    expect(authPageHref("/signin", "/signup", "")).toBe("/signin");
  });

  it("passes on only a same-site path, whatever the current URL holds", () => {
    for (const evil of ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example"]) {
      const onForm = authPageHref("/signin", "/signin", `callbackUrl=${encodeURIComponent(evil)}`);
      expect(onForm, evil).toBe("/signin");
    }
    // A path that normalises to another host ("/a/..//evil") is dropped, not carried.
    expect(authPageHref("/signin", "/a/..//evil.example", "")).toBe("/signin");
    expect(authPageHref("/signin", "//evil.example", "")).toBe("/signin");
  });
});
