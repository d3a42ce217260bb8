import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to embedded PGlite in ./.arena on port 3000", () => {
    const e = parseEnv({});
    expect(e.dbKind).toBe("pglite");
    expect(e.dataDir).toBe(path.resolve(".arena"));
    expect(e.PORT).toBe(3000);
    expect(e.ARENA_DEMO).toBe("auto");
  });

  it("uses PostgreSQL when DATABASE_URL is set, and treats an empty value as unset", () => {
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db" }).dbKind).toBe("postgres");
    expect(parseEnv({ DATABASE_URL: "  " }).dbKind).toBe("pglite");
  });

  it("names the bad variable and the fix", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(
      /DATABASE_URL must start with postgres:\/\//,
    );
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ ARENA_ADMIN_EMAIL: "a@b.c" })).toThrow(
      /ARENA_ADMIN_EMAIL and ARENA_ADMIN_PASSWORD must be set together/,
    );
    expect(() => parseEnv({ ARENA_ADMIN_EMAIL: "a@b.c", ARENA_ADMIN_PASSWORD: "short" })).toThrow(
      /at least 12/,
    );
    expect(() => parseEnv({ OIDC_ISSUER: "https://auth.cern.ch/auth/realms/cern" })).toThrow(
      /OIDC_CLIENT_ID/,
    );
    expect(() => parseEnv({ GITHUB_ID: "x" })).toThrow(/GITHUB_SECRET/);
  });
});

describe("ARENA_DEMO_EVENTS", () => {
  it("is unset by default (published sizes), a number scales, junk is refused by name", () => {
    expect(parseEnv({}).ARENA_DEMO_EVENTS).toBeUndefined();
    expect(parseEnv({ ARENA_DEMO_EVENTS: "" }).ARENA_DEMO_EVENTS).toBeUndefined();
    expect(parseEnv({ ARENA_DEMO_EVENTS: "100000" }).ARENA_DEMO_EVENTS).toBe(100_000);
    expect(() => parseEnv({ ARENA_DEMO_EVENTS: "lots" })).toThrow(/ARENA_DEMO_EVENTS/);
    expect(() => parseEnv({ ARENA_DEMO_EVENTS: "10" })).toThrow(/ARENA_DEMO_EVENTS/);
  });
});
