import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import { blackBoxes, challenges } from "@/lib/db/schema";
import { bumpLeaderboard } from "@/lib/submissions/leaderboard-version";
import { anonymousCache } from "@/server/anonymous-cache";
import { testDatabases, useAppDatabase } from "../support/db";
import { makeUser } from "../support/fixtures";

/**
 * server/anonymous-cache.ts in front of a stand-in for Next.js that renders like the app does (a
 * fresh CSP nonce per response, in the header and in the body) and counts what reaches it.
 */
describe.each(testDatabases())("anonymous leaderboard cache on $name", ({ open }) => {
  const h = useAppDatabase(open);
  let org: Actor;
  let server: http.Server;
  let base: string;
  let rendered = 0;
  let boxId: string;

  beforeAll(async () => {
    org = await makeUser(h.db, "organizer");
    await createChallenge(h.db, org, { slug: "anon", title: "Anon", status: "published" });
    boxId = (
      await createBlackBox(h.db, org, "anon", {
        slug: "bb",
        title: "Box",
        spec: { generator: { events: 520, background: {}, signals: [] } },
      })
    ).id;
    const cache = anonymousCache(h.db);
    server = http.createServer((req, res) => {
      void cache.handle(req, res, async () => {
        rendered++;
        const url = new URL(req.url ?? "/", "http://x");
        if (!url.pathname.includes("/boxes/bb/")) {
          res.statusCode = 404;
          res.end("not found");
          return;
        }
        const nonce = randomBytes(16).toString("base64");
        res.setHeader("content-security-policy", `script-src 'self' 'nonce-${nonce}'`);
        res.setHeader("content-type", "text/html; charset=utf-8");
        if (url.searchParams.has("cookie")) res.setHeader("set-cookie", "a=b");
        res.setHeader(
          "vary",
          url.searchParams.has("vary") ? "cookie" : "rsc, next-router-state-tree, Accept-Encoding",
        );
        res.write(`<html><script nonce="${nonce}">1</script>`);
        res.end(
          `<p>${req.headers["accept-encoding"] ?? "identity"} ${rendered} ${url.search}</p><script nonce="${nonce}">2</script></html>`,
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const before = rendered;
    const res = await fetch(base + path, { headers });
    const body = await res.text();
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    return { status: res.status, body, nonce, rendered: rendered > before };
  };
  const page = "/challenges/anon/boxes/bb/leaderboard";

  it("renders an anonymous leaderboard once and serves it again with a fresh nonce in header and body", async () => {
    const first = await get(page, { "accept-encoding": "gzip" });
    expect(first.rendered).toBe(true);
    // Uncompressed: what is kept is rewritten per response.
    expect(first.body).toContain("identity");
    const second = await get(page);
    expect(second.rendered).toBe(false);
    expect(second.status).toBe(200);
    expect(second.nonce).toBeDefined();
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.body).toBe(first.body.split(first.nonce!).join(second.nonce!));
    expect(second.body.split(`nonce="${second.nonce}"`)).toHaveLength(3);
    // The API path too, and each query string separately.
    expect((await get("/api/v1/challenges/anon/boxes/bb/leaderboard?kind=claim")).rendered).toBe(true);
    expect((await get("/api/v1/challenges/anon/boxes/bb/leaderboard?kind=claim")).rendered).toBe(false);
    expect((await get(`${page}?page=2`)).rendered).toBe(true);
  });

  it("renders afresh when the leaderboard, the box or the challenge changed", async () => {
    await get(page);
    expect((await get(page)).rendered).toBe(false);
    await bumpLeaderboard(h.db, { boxId }); // an evaluation landed, or a team was renamed
    expect((await get(page)).rendered).toBe(true);
    expect((await get(page)).rendered).toBe(false);
    await h.db.update(blackBoxes).set({ title: "Renamed box" }).where(eq(blackBoxes.id, boxId));
    expect((await get(page)).rendered).toBe(true);
    await h.db.update(challenges).set({ title: "Renamed" }).where(eq(challenges.slug, "anon"));
    expect((await get(page)).rendered).toBe(true);
    expect((await get(page)).rendered).toBe(false);
  });

  it("never answers signed-in users, tokens, other methods, other paths or unknown boxes from memory", async () => {
    await get(page);
    expect((await get(page, { authorization: "Bearer arena_x" })).rendered).toBe(true);
    expect((await get(page, { cookie: "next-auth.session-token=abc" })).rendered).toBe(true);
    expect((await get(page, { cookie: "x=1; __Secure-next-auth.session-token=abc" })).rendered).toBe(true);
    const post = await fetch(base + page, { method: "POST" });
    await post.text();
    expect((await get("/challenges/anon/boxes/bb")).rendered).toBe(true);
    expect((await get("/challenges/anon/boxes/bb")).rendered).toBe(true);
    // A box that does not exist: Next.js answers, and its 404 is not kept.
    expect((await get("/challenges/anon/boxes/nope/leaderboard")).status).toBe(404);
    expect((await get("/challenges/anon/boxes/nope/leaderboard")).rendered).toBe(true);
    // A client-side navigation's RSC fetch is another answer than the page.
    expect((await get(page, { rsc: "1" })).rendered).toBe(true);
    expect((await get(`${page}?_rsc=abc12`)).rendered).toBe(true);
    expect((await get(`${page}?_rsc=abc12`)).rendered).toBe(true);
    // Malformed escapes and paths that are not exactly the leaderboard's.
    expect((await get("/challenges/anon/boxes/%E0%A4%A/leaderboard")).rendered).toBe(true);
    expect((await get("/challenges/anon/boxes/bb/leaderboard/")).rendered).toBe(true);
    // A response that varies on a header the cache does not handle is not kept.
    expect((await get(`${page}?vary=1`)).rendered).toBe(true);
    expect((await get(`${page}?vary=1`)).rendered).toBe(true);
    // A cookie-setting response is not kept either.
    expect((await get(`${page}?cookie=1`)).rendered).toBe(true);
    expect((await get(`${page}?cookie=1`)).rendered).toBe(true);
  });

  it("passes to Next.js when the database cannot answer", async () => {
    await get(page);
    const broken = anonymousCache({
      execute: () => Promise.reject(new Error("connection refused")),
    } as unknown as typeof h.db);
    let passed = false;
    await broken.handle(
      { method: "GET", url: page, headers: {} } as http.IncomingMessage,
      {} as http.ServerResponse,
      async () => {
        passed = true;
      },
    );
    expect(passed).toBe(true);
  });
});
