import { NextRequest } from "next/server";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as authGet, POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { GET as me } from "@/app/api/v1/me/route";
import { setUserRole } from "@/lib/admin";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
import { signUp, toActor } from "@/lib/users";
import { testDatabases } from "../support/db";

// Issue 15 item 5: a session cookie copied before sign-out still worked after it. Here next-auth's
// own handler signs in and out (credentials, CSRF token and all) and the copied cookie is replayed
// against next-auth's session endpoint and against /api/v1 through the real getServerSession.

type Jar = Record<string, string>;
const request = { cookies: {} as Jar };

// next-auth reads the request's cookies through `require("next/headers")`, which only works inside
// Next's request scope: stand in for that module in Node's require cache (vi.mock cannot reach a
// CommonJS require inside node_modules).
const require = createRequire(import.meta.url);
const nextHeaders = require.resolve("next/headers");
const realNextHeaders = require.cache[nextHeaders];
require.cache[nextHeaders] = {
  id: nextHeaders,
  filename: nextHeaders,
  loaded: true,
  exports: {
    headers: async () => new Headers({ host: "arena.test", "x-arena-client-ip": "192.0.2.7" }),
    cookies: async () => ({
      getAll: () => Object.entries(request.cookies).map(([name, value]) => ({ name, value })),
    }),
  },
} as unknown as NodeJS.Module;

/** A request to next-auth's route (app/api/auth/[...nextauth]) with this cookie jar; keeps what it sets. */
async function auth(jar: Jar, path: string, method: "GET" | "POST", body?: Record<string, string>) {
  request.cookies = { ...jar };
  const req = new NextRequest(`http://arena.test/api/auth/${path}`, {
    method,
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://arena.test" },
    body: body ? new URLSearchParams(body).toString() : undefined,
  });
  const handler = method === "GET" ? authGet : authPost;
  const res = await handler(req, { params: Promise.resolve({ nextauth: path.split("/") }) });
  for (const line of res.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const name = pair.slice(0, pair.indexOf("="));
    const value = decodeURIComponent(pair.slice(pair.indexOf("=") + 1));
    if (value === "" || /max-age=0\b/i.test(line)) delete jar[name];
    else jar[name] = value;
  }
  return res;
}

const csrfToken = async (jar: Jar) =>
  ((await (await auth(jar, "csrf", "GET")).json()) as { csrfToken: string }).csrfToken;

async function signIn(email: string, password: string): Promise<Jar> {
  const jar: Jar = {};
  await auth(jar, "callback/credentials", "POST", {
    csrfToken: await csrfToken(jar),
    email,
    password,
    json: "true",
  });
  expect(Object.keys(jar)).toContain("next-auth.session-token");
  return jar;
}

const sessionUser = async (jar: Jar) =>
  ((await (await auth({ ...jar }, "session", "GET")).json()) as { user?: { email: string } }).user;

async function apiMe(jar: Jar): Promise<number> {
  request.cookies = { ...jar };
  const res = await me(new Request("http://arena.test/api/v1/me"), { params: Promise.resolve({}) });
  return res.status;
}

afterAll(() => {
  if (realNextHeaders) require.cache[nextHeaders] = realNextHeaders;
  else delete require.cache[nextHeaders];
});

describe.each(testDatabases())("sign-out ends the session, on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    process.env.AUTH_SECRET = "test secret for the sign-out replay, 32+ chars";
    process.env.NEXTAUTH_URL = "http://arena.test";
    resetEnvCache();
    h = await open();
    setDbHandle(h);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await h.close();
  });

  it("refuses a cookie copied before sign-out, on the session endpoint and the API", async () => {
    await signUp(h.db, { email: "leaver@example.org", name: "Leaver", password: "leaver passphrase" });
    const jar = await signIn("leaver@example.org", "leaver passphrase");
    const copied = { ...jar };
    expect((await sessionUser(copied))?.email).toBe("leaver@example.org");
    expect(await apiMe(copied)).toBe(200);

    await auth(jar, "signout", "POST", { csrfToken: await csrfToken(jar) });
    expect(jar["next-auth.session-token"]).toBeUndefined();

    expect(await sessionUser(copied)).toBeUndefined();
    expect(await apiMe(copied)).toBe(401);
    // Signing in again works, with a new cookie.
    const again = await signIn("leaver@example.org", "leaver passphrase");
    expect(await apiMe(again)).toBe(200);
    expect(await apiMe(copied)).toBe(401);
  });

  it("ends the sessions of a user who loses a role", async () => {
    const admin = toActor(
      await signUp(h.db, { email: "root@example.org", name: "Root", password: "root passphrase" }, "admin"),
      "session",
    );
    const org = await signUp(
      h.db,
      { email: "org@example.org", name: "Org", password: "org passphrase 1" },
      "organizer",
    );
    const jar = await signIn("org@example.org", "org passphrase 1");
    expect(await apiMe(jar)).toBe(200);
    await setUserRole(h.db, admin, org.id, { role: "participant" });
    expect(await apiMe(jar)).toBe(401);
    expect(await sessionUser(jar)).toBeUndefined();
  });
});
