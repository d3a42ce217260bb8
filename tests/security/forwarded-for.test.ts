import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateWithPassword, SIGN_IN_LIMITS } from "@/lib/auth/sign-in";
import type { DbHandle } from "@/lib/db/client";
import { parseEnv } from "@/lib/env";
import { CLIENT_IP_HEADER, clientIp, parseTrustedProxies, stampClientIp } from "@/lib/http/client-ip";
import { testDatabases } from "../support/db";
import { codeOf } from "../support/fixtures";

// Issue 15 item 10: a rotated X-Forwarded-For gave every guess a fresh bucket (35 of 35 attempts
// checked), and every client without the header shared the one bucket "unknown".

/** A request as `npm start` receives it, after the server stamped the client address on it. */
function arriving(peer: string, headers: Record<string, string>, trusted = "") {
  const req = {
    headers: { ...headers } as Record<string, string | string[] | undefined>,
    socket: { remoteAddress: peer },
  };
  stampClientIp(req, parseTrustedProxies(trusted));
  return clientIp(req.headers);
}

describe.each(testDatabases())(
  "X-Forwarded-For is believed only from trusted proxies, on $name",
  ({ open }) => {
    let h: DbHandle;
    beforeAll(async () => {
      h = await open();
    });
    afterAll(async () => {
      await h.close();
    });

    it("keeps one bucket for one peer however it rotates X-Forwarded-For", async () => {
      const codes: string[] = [];
      for (let i = 0; i < 35; i++) {
        const ip = arriving("203.0.113.9", {
          "x-forwarded-for": `10.${i}.0.1`,
          "x-real-ip": `10.${i}.0.2`,
          [CLIENT_IP_HEADER]: `10.${i}.0.3`,
        });
        codes.push(
          await codeOf(authenticateWithPassword(h.db, "someone@example.org", `guess ${i}xxxxx`, ip)),
        );
      }
      expect(codes.filter((c) => c === "auth:invalid_credentials")).toHaveLength(SIGN_IN_LIMITS.perPair);
      expect(codes.filter((c) => c === "auth:rate_limited")).toHaveLength(35 - SIGN_IN_LIMITS.perPair);
    });

    it("gives clients without the header their own buckets", async () => {
      for (let i = 0; i < SIGN_IN_LIMITS.perSource; i++) {
        const ip = arriving("198.51.100.1", {});
        await codeOf(authenticateWithPassword(h.db, `spray${i}@example.org`, "some password", ip));
      }
      const blocked = arriving("198.51.100.1", {});
      const other = arriving("198.51.100.2", {});
      expect(await codeOf(authenticateWithPassword(h.db, "x@example.org", "some password", blocked))).toBe(
        "auth:rate_limited",
      );
      expect(await codeOf(authenticateWithPassword(h.db, "x@example.org", "some password", other))).toBe(
        "auth:invalid_credentials",
      );
    });
  },
);

describe("ARENA_TRUSTED_PROXIES", () => {
  it("walks X-Forwarded-For from the right through trusted proxies only", () => {
    const proxies = "10.0.0.0/8, 2001:db8::1";
    // A client's own forged hops sit left of the address the proxy appended.
    expect(arriving("10.0.0.2", { "x-forwarded-for": "1.1.1.1, 203.0.113.5" }, proxies)).toBe("203.0.113.5");
    expect(arriving("10.0.0.2", { "x-forwarded-for": "1.1.1.1, 203.0.113.5, 10.0.0.3" }, proxies)).toBe(
      "203.0.113.5",
    );
    expect(arriving("::ffff:10.0.0.2", { "x-forwarded-for": "203.0.113.6" }, proxies)).toBe("203.0.113.6");
    expect(arriving("2001:db8::1", { "x-forwarded-for": "2001:db8::42" }, proxies)).toBe("2001:db8::42");
    expect(arriving("10.0.0.2", {}, proxies)).toBe("10.0.0.2");
    // From an untrusted peer the header is ignored.
    expect(arriving("203.0.113.7", { "x-forwarded-for": "10.0.0.9" }, proxies)).toBe("203.0.113.7");
  });

  it("refuses an entry that is not an address or range, naming the variable", () => {
    expect(() => parseEnv({ ARENA_TRUSTED_PROXIES: "10.0.0.0/8, proxy.local" })).toThrow(
      /ARENA_TRUSTED_PROXIES: "proxy.local" is not an IP address or CIDR range/,
    );
    for (const bad of [
      "10.0.0.0/33",
      "10.0.0.0/",
      "10.0.0.0/8/8",
      "::1/129",
      "10.0.0.0/-1",
      "10.0.0.0/ 8x",
    ]) {
      expect(() => parseEnv({ ARENA_TRUSTED_PROXIES: bad })).toThrow(/ARENA_TRUSTED_PROXIES/);
    }
    expect(parseEnv({ ARENA_TRUSTED_PROXIES: "127.0.0.1, ::1, 172.16.0.0/12" }).ARENA_TRUSTED_PROXIES).toBe(
      "127.0.0.1, ::1, 172.16.0.0/12",
    );
  });
});
