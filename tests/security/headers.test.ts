import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { config, proxy } from "@/proxy";

// Issue 15 item 8: responses carried no security headers at all — no CSP, nothing against framing
// (clickjacking), no nosniff, no Referrer-Policy, no HSTS. tests/e2e/security-headers.e2e.ts checks
// the same on a running server and that the pages still work under the policy.

const directives = (csp: string) =>
  new Map(
    csp.split(";").map((d) => {
      const [name = "", ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

describe("security headers", () => {
  it("sets a strict nonce-based CSP on pages and API responses, a new nonce each time", () => {
    const nonces = new Set<string>();
    for (const path of ["/", "/signin", "/api/v1/me", "/challenges/x/boxes/bb1"]) {
      const res = proxy(new NextRequest(`http://arena.test${path}`));
      const csp = res.headers.get("content-security-policy") ?? "";
      const d = directives(csp);
      const script = d.get("script-src") ?? [];
      const nonce = script.find((s) => s.startsWith("'nonce-"));
      expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/=]{16,}'$/);
      nonces.add(nonce ?? "");
      expect(script).toContain("'strict-dynamic'");
      expect(script).not.toContain("'unsafe-inline'");
      expect(script).not.toContain("'unsafe-eval'");
      expect(d.get("default-src")).toEqual(["'self'"]);
      expect(d.get("object-src")).toEqual(["'none'"]);
      expect(d.get("base-uri")).toEqual(["'self'"]);
      expect(d.get("frame-ancestors")).toEqual(["'none'"]);
      // The renderer gets the same policy on the request, which is where Next reads the nonce.
      expect(res.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    }
    expect(nonces.size).toBe(4);
  });

  it("sends HSTS over https only", () => {
    const hsts = (url: string, headers?: Record<string, string>) =>
      proxy(new NextRequest(url, { headers })).headers.get("strict-transport-security");
    expect(hsts("https://arena.example/")).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(hsts("http://arena.test/", { "x-forwarded-proto": "https" })).toMatch(/^max-age=/);
    expect(hsts("http://arena.test/")).toBeNull();
  });

  it("runs the proxy on every path but static build files", () => {
    const [matcher] = config.matcher;
    const re = new RegExp(`^${matcher}$`);
    for (const p of ["/", "/signin", "/api/v1/me", "/api/files/a/b/public.h5"]) expect(re.test(p)).toBe(true);
    expect(re.test("/_next/static/chunks/main.js")).toBe(false);
  });

  it("sets the static headers on every path", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const all = rules.find((r) => r.source === "/:path*");
    const h = new Map(all?.headers.map((x) => [x.key.toLowerCase(), x.value]));
    expect(h.get("x-frame-options")).toBe("DENY");
    expect(h.get("x-content-type-options")).toBe("nosniff");
    expect(h.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});
