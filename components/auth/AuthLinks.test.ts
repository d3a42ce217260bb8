import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { AuthLinks } from "./AuthLinks";

const where = vi.hoisted(() => ({ pathname: "/", search: "" }));
vi.mock("next/navigation", () => ({
  usePathname: () => where.pathname,
  useSearchParams: () => new URLSearchParams(where.search),
}));

const hrefs = () =>
  [...renderToStaticMarkup(createElement(AuthLinks)).matchAll(/href="([^"]*)"/g)].map((m) =>
    (m[1] ?? "").replaceAll("&amp;", "&"),
  );

describe("AuthLinks (the header's Sign in and Sign up)", () => {
  it("return to the page the reader is on, query included", () => {
    where.pathname = "/challenges/lhco/boxes/bb1/leaderboard";
    where.search = "kind=claim";
    expect(hrefs()).toEqual([
      "/signin?callbackUrl=%2Fchallenges%2Flhco%2Fboxes%2Fbb1%2Fleaderboard%3Fkind%3Dclaim",
      "/signup?callbackUrl=%2Fchallenges%2Flhco%2Fboxes%2Fbb1%2Fleaderboard%3Fkind%3Dclaim",
    ]);
  });
  it("on the sign-in page, pass its own same-site callbackUrl on, and drop another site's", () => {
    where.pathname = "/signin";
    where.search = "callbackUrl=%2Faccount";
    expect(hrefs()).toEqual(["/signin?callbackUrl=%2Faccount", "/signup?callbackUrl=%2Faccount"]);
    where.search = "callbackUrl=%2F%2Fevil.example";
    expect(hrefs()).toEqual(["/signin", "/signup"]);
  });
});
