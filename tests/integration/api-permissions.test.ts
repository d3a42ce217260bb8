import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { call, session } from "../support/api";
import * as auditRoute from "@/app/api/v1/challenges/[slug]/audit/route";
import * as organizerRoute from "@/app/api/v1/challenges/[slug]/organizers/[userId]/route";
import * as organizersRoute from "@/app/api/v1/challenges/[slug]/organizers/route";
import * as boxArchiveRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/archive/route";
import * as boxBuildRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/build/route";
import * as boxRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/route";
import * as boxTransitionRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/transition/route";
import * as boxesRoute from "@/app/api/v1/challenges/[slug]/boxes/route";
import * as challengeRoute from "@/app/api/v1/challenges/[slug]/route";
import * as challengeTeamsRoute from "@/app/api/v1/challenges/[slug]/teams/route";
import * as challengesRoute from "@/app/api/v1/challenges/route";
import * as inviteRoute from "@/app/api/v1/invites/[token]/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as teamInvitesRoute from "@/app/api/v1/teams/[id]/invites/route";
import * as teamLeaveRoute from "@/app/api/v1/teams/[id]/leave/route";
import * as teamRoute from "@/app/api/v1/teams/[id]/route";
import * as tokenRoute from "@/app/api/v1/tokens/[id]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as userRoute from "@/app/api/v1/users/[id]/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as shortSubmissionsRoute from "@/app/api/v1/boxes/[box]/submissions/route";
import * as shortLeaderboardRoute from "@/app/api/v1/boxes/[box]/leaderboard/route";
import * as boxSubmissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import * as boxLeaderboardRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/leaderboard/route";
import * as submissionRoute from "@/app/api/v1/submissions/[id]/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import * as boxRescoreRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/rescore/route";
import * as boxBaselinesRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/baselines/route";
import * as importFilesRoute from "@/app/api/v1/challenges/[slug]/imports/files/route";
import * as importJobRoute from "@/app/api/v1/challenges/[slug]/imports/[job]/route";
import * as importsRoute from "@/app/api/v1/challenges/[slug]/imports/route";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { createInvite, createTeam } from "@/lib/teams";
import { createApiToken } from "@/lib/tokens";
import { testDatabases } from "../support/db";
import { makeUser, TEST_PASSWORD } from "../support/fixtures";
import { rowCounts } from "../support/rows";

// Everything written to the console during this file, to prove no secret reaches a log line.
const logged: string[] = [];
for (const m of ["log", "info", "warn", "error", "debug"] as const) {
  vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(" "));
  });
}

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const r = (h: unknown) => h as Route;

describe.each(testDatabases())("API v1 permissions on $name", ({ open }) => {
  let h: DbHandle;
  let admin: Actor;
  let org: Actor; // organizes "pub" and "draft"
  let otherOrg: Actor; // organizes "other" only
  let member: Actor; // in team T of "pub"
  let outsider: Actor; // participant, no team
  let outsiderToken: string;
  let memberToken: string;
  let memberTokenId: string;
  let teamId: string;
  let inviteToken: string;
  const secrets: string[] = [TEST_PASSWORD];
  const bodies: string[] = [];

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    admin = await makeUser(h.db, "admin");
    org = await makeUser(h.db, "organizer");
    otherOrg = await makeUser(h.db, "organizer");
    member = await makeUser(h.db, "participant");
    outsider = await makeUser(h.db, "participant");
    await createChallenge(h.db, org, { slug: "pub", title: "Published one", status: "published" });
    await createChallenge(h.db, org, { slug: "draft", title: "Draft one" });
    await createChallenge(h.db, otherOrg, { slug: "other", title: "Other one", status: "published" });
    teamId = (await createTeam(h.db, member, "pub", { name: "Team T" })).id;
    await createBlackBox(h.db, org, "pub", {
      slug: "secret",
      title: "Secret box",
      spec: {
        generator: {
          events: 105,
          background: {},
          signals: [{ model: "resonance-xy", n: 5, mass: 3823, mX: 732, mY: 378 }],
        },
      },
    });
    inviteToken = (await createInvite(h.db, member, teamId)).token;
    outsiderToken = (await createApiToken(h.db, outsider, { name: "outsider" })).token;
    const mt = await createApiToken(h.db, member, { name: "member" });
    memberToken = mt.token;
    memberTokenId = mt.info.id;
    secrets.push(outsiderToken, memberToken, inviteToken);
  });

  afterAll(async () => {
    setDbHandle(undefined);
    session.current = null;
    await h.close();
  });

  type Case = {
    name: string;
    handler: Route;
    method: string;
    params?: Record<string, string>;
    body?: unknown;
    /** Callers with the wrong role, and the status each must get. */
    wrong?: { as: () => Actor | string; status: number }[];
    /**
     * Public reads (what the pages show signed-out visitors): the status an anonymous caller gets
     * instead of 401 — 200, or 404 where the thing is hidden (a draft).
     */
    anonymous?: number;
  };

  const cases = (): Case[] => [
    { name: "GET /me", handler: r(meRoute.GET), method: "GET" },
    { name: "GET /tokens", handler: r(tokensRoute.GET), method: "GET" },
    { name: "POST /tokens", handler: r(tokensRoute.POST), method: "POST", body: { name: "x" } },
    {
      name: "DELETE /tokens/[id]",
      handler: r(tokenRoute.DELETE),
      method: "DELETE",
      params: { id: memberTokenId },
      wrong: [
        { as: () => outsider, status: 404 },
        { as: () => outsiderToken, status: 404 },
      ],
    },
    { name: "GET /challenges", handler: r(challengesRoute.GET), method: "GET", anonymous: 200 },
    {
      name: "POST /challenges",
      handler: r(challengesRoute.POST),
      method: "POST",
      body: { slug: "sneaky", title: "Sneaky challenge" },
      wrong: [
        { as: () => outsider, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
    {
      name: "GET /challenges/[slug]",
      handler: r(challengeRoute.GET),
      method: "GET",
      params: { slug: "pub" },
      anonymous: 200,
    },
    {
      name: "PATCH /challenges/[slug]",
      handler: r(challengeRoute.PATCH),
      method: "PATCH",
      params: { slug: "pub" },
      body: { title: "Hijacked" },
      wrong: [
        { as: () => outsider, status: 403 },
        { as: () => member, status: 403 },
        { as: () => otherOrg, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
    {
      name: "PATCH /challenges/[slug] (draft)",
      handler: r(challengeRoute.PATCH),
      method: "PATCH",
      params: { slug: "draft" },
      body: { status: "published" },
      wrong: [{ as: () => otherOrg, status: 404 }],
    },
    {
      name: "GET /challenges/[slug]/organizers",
      handler: r(organizersRoute.GET),
      method: "GET",
      params: { slug: "pub" },
      wrong: [{ as: () => outsider, status: 403 }],
    },
    {
      name: "POST /challenges/[slug]/organizers",
      handler: r(organizersRoute.POST),
      method: "POST",
      params: { slug: "pub" },
      body: { email: "x@y.z" },
      wrong: [
        { as: () => outsider, status: 403 },
        { as: () => otherOrg, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
    {
      name: "DELETE /challenges/[slug]/organizers/[userId]",
      handler: r(organizerRoute.DELETE),
      method: "DELETE",
      params: { slug: "pub", userId: "" },
      wrong: [
        { as: () => outsider, status: 403 },
        { as: () => otherOrg, status: 403 },
      ],
    },
    {
      name: "GET /challenges/[slug]/audit",
      handler: r(auditRoute.GET),
      method: "GET",
      params: { slug: "pub" },
      wrong: [
        { as: () => member, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
    {
      name: "GET /challenges/[slug]/teams",
      handler: r(challengeTeamsRoute.GET),
      method: "GET",
      params: { slug: "pub" },
      anonymous: 200,
    },
    {
      name: "POST /challenges/[slug]/teams",
      handler: r(challengeTeamsRoute.POST),
      method: "POST",
      params: { slug: "draft" },
      body: { name: "Drafty" },
      wrong: [{ as: () => outsider, status: 404 }],
    },
    { name: "GET /teams/[id]", handler: r(teamRoute.GET), method: "GET", params: { id: "" }, anonymous: 200 },
    {
      name: "PATCH /teams/[id]",
      handler: r(teamRoute.PATCH),
      method: "PATCH",
      params: { id: "" },
      body: { name: "Renamed by outsider" },
      wrong: [
        { as: () => outsider, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
    {
      name: "POST /teams/[id]/invites",
      handler: r(teamInvitesRoute.POST),
      method: "POST",
      params: { id: "" },
      wrong: [{ as: () => outsider, status: 403 }],
    },
    {
      name: "POST /teams/[id]/leave",
      handler: r(teamLeaveRoute.POST),
      method: "POST",
      params: { id: "" },
      wrong: [{ as: () => outsider, status: 403 }],
    },
    {
      name: "POST /invites/[token]",
      handler: r(inviteRoute.POST),
      method: "POST",
      params: { token: "" },
      wrong: [{ as: () => outsider, status: 404 }],
    },
    {
      name: "GET /challenges/[slug]/boxes",
      handler: r(boxesRoute.GET),
      method: "GET",
      params: { slug: "pub" },
      anonymous: 200,
    },
    {
      name: "POST /challenges/[slug]/boxes",
      handler: r(boxesRoute.POST),
      method: "POST",
      params: { slug: "pub" },
      body: { slug: "sneaky", title: "Sneaky box", spec: { generator: { background: { n: 10 } } } },
      wrong: [
        { as: () => outsider, status: 403 },
        { as: () => otherOrg, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
    {
      name: "GET /challenges/[slug]/boxes/[box]",
      handler: r(boxRoute.GET),
      method: "GET",
      params: { slug: "pub", box: "secret" },
      anonymous: 404,
      wrong: [
        { as: () => outsider, status: 404 },
        { as: () => otherOrg, status: 404 },
      ],
    },
    {
      name: "DELETE /challenges/[slug]/boxes/[box]",
      handler: r(boxRoute.DELETE),
      method: "DELETE",
      params: { slug: "pub", box: "secret" },
      wrong: [
        { as: () => member, status: 404 },
        { as: () => otherOrg, status: 404 },
        { as: () => outsiderToken, status: 404 },
      ],
    },
    ...[
      { method: "POST", handler: boxArchiveRoute.POST },
      { method: "DELETE", handler: boxArchiveRoute.DELETE },
    ].map(({ method, handler }) => ({
      name: `${method} /challenges/[slug]/boxes/[box]/archive`,
      handler: r(handler),
      method,
      params: { slug: "pub", box: "secret" },
      wrong: [
        { as: () => member, status: 404 },
        { as: () => otherOrg, status: 404 },
        { as: () => outsiderToken, status: 404 },
      ],
    })),
    {
      name: "POST /challenges/[slug]/boxes/[box]/build",
      handler: r(boxBuildRoute.POST),
      method: "POST",
      params: { slug: "pub", box: "secret" },
      wrong: [
        { as: () => member, status: 404 },
        { as: () => otherOrg, status: 404 },
        { as: () => outsiderToken, status: 404 },
      ],
    },
    {
      name: "POST /challenges/[slug]/boxes/[box]/transition",
      handler: r(boxTransitionRoute.POST),
      method: "POST",
      params: { slug: "pub", box: "secret" },
      body: { to: "open" },
      wrong: [
        { as: () => outsider, status: 404 },
        { as: () => otherOrg, status: 404 },
      ],
    },
    {
      name: "POST /boxes/[box]/submissions",
      handler: r(shortSubmissionsRoute.POST),
      method: "POST",
      params: { box: "secret" },
      body: { kind: "claim", claim: { signalPresent: false } },
      wrong: [
        { as: () => member, status: 404 },
        { as: () => otherOrg, status: 404 },
        { as: () => outsiderToken, status: 404 },
      ],
    },
    {
      name: "GET /boxes/[box]/submissions",
      handler: r(shortSubmissionsRoute.GET),
      method: "GET",
      params: { box: "secret" },
      wrong: [{ as: () => member, status: 404 }],
    },
    {
      name: "POST /challenges/[slug]/boxes/[box]/submissions",
      handler: r(boxSubmissionsRoute.POST),
      method: "POST",
      params: { slug: "pub", box: "secret" },
      body: { kind: "claim", claim: { signalPresent: false } },
      wrong: [
        { as: () => member, status: 404 },
        { as: () => otherOrg, status: 404 },
      ],
    },
    {
      name: "GET /challenges/[slug]/boxes/[box]/submissions",
      handler: r(boxSubmissionsRoute.GET),
      method: "GET",
      params: { slug: "pub", box: "secret" },
      wrong: [{ as: () => outsider, status: 404 }],
    },
    {
      name: "GET /boxes/[box]/leaderboard",
      handler: r(shortLeaderboardRoute.GET),
      method: "GET",
      params: { box: "secret" },
      anonymous: 404,
      wrong: [{ as: () => member, status: 404 }],
    },
    {
      name: "GET /challenges/[slug]/boxes/[box]/leaderboard",
      handler: r(boxLeaderboardRoute.GET),
      method: "GET",
      params: { slug: "pub", box: "secret" },
      anonymous: 404,
      wrong: [{ as: () => otherOrg, status: 404 }],
    },
    {
      name: "POST /challenges/[slug]/boxes/[box]/rescore",
      handler: r(boxRescoreRoute.POST),
      method: "POST",
      params: { slug: "pub", box: "secret" },
      wrong: [
        { as: () => member, status: 404 },
        { as: () => otherOrg, status: 404 },
      ],
    },
    {
      name: "POST /challenges/[slug]/boxes/[box]/baselines",
      handler: r(boxBaselinesRoute.POST),
      method: "POST",
      params: { slug: "pub", box: "secret" },
      wrong: [
        { as: () => member, status: 404 },
        { as: () => otherOrg, status: 404 },
      ],
    },
    {
      name: "POST /challenges/[slug]/imports/files",
      handler: r(importFilesRoute.POST),
      method: "POST",
      params: { slug: "pub" },
      body: { not: "a file" },
      wrong: [
        { as: () => member, status: 403 },
        { as: () => otherOrg, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
    {
      name: "POST /challenges/[slug]/imports",
      handler: r(importsRoute.POST),
      method: "POST",
      params: { slug: "pub" },
      body: {
        slug: "imported",
        title: "Imported",
        format: "lhco",
        files: [{ upload: "0".repeat(24), role: "events" }],
      },
      wrong: [
        { as: () => member, status: 403 },
        { as: () => otherOrg, status: 403 },
      ],
    },
    {
      name: "GET /challenges/[slug]/imports/[job]",
      handler: r(importJobRoute.GET),
      method: "GET",
      params: { slug: "pub", job: "00000000-0000-4000-8000-000000000000" },
      wrong: [
        { as: () => member, status: 403 },
        { as: () => otherOrg, status: 403 },
      ],
    },
    {
      name: "GET /openapi.json",
      handler: r(openApiRoute.GET),
      method: "GET",
      anonymous: 200,
    },
    {
      name: "GET /submissions/[id]",
      handler: r(submissionRoute.GET),
      method: "GET",
      params: { id: "SUBMISSION" },
      anonymous: 404,
      wrong: [{ as: () => outsider, status: 404 }],
    },
    {
      name: "GET /users",
      handler: r(usersRoute.GET),
      method: "GET",
      wrong: [
        { as: () => org, status: 403 },
        { as: () => memberToken, status: 403 },
      ],
    },
    {
      name: "PATCH /users/[id]",
      handler: r(userRoute.PATCH),
      method: "PATCH",
      params: { id: "USER" },
      body: { role: "admin" },
      wrong: [
        { as: () => org, status: 403 },
        { as: () => outsider, status: 403 },
        { as: () => outsiderToken, status: 403 },
      ],
    },
  ];

  /** Fill in ids known only after setup. */
  const withIds = (c: Case): Case => {
    const params = { ...c.params };
    if ("id" in params && params.id === "") params.id = teamId;
    if (params.id === "USER") params.id = outsider.id;
    if (params.id === "SUBMISSION") params.id = "0f0f0f0f-0000-4000-8000-000000000000";
    if ("userId" in params) params.userId = org.id;
    if ("token" in params) params.token = c.wrong ? "not-a-real-invite" : inviteToken;
    return { ...c, params };
  };

  it("covers every api/v1 route file", async () => {
    const files = fs
      .readdirSync("app/api/v1", { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith("route.ts"));
    const methods = files.flatMap((f) => {
      const src = fs.readFileSync(`app/api/v1/${f}`, "utf8");
      return [...src.matchAll(/export const (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => `${m[1]} ${f}`);
    });
    // One anonymous case per exported method (the draft PATCH is an extra case for the same handler).
    expect(cases().length - 1).toBe(methods.length);
  });

  it("refuses anonymous callers with 401 on every route but the public reads (200, or 404 for hidden things), no row behind", async () => {
    const before = await rowCounts(h.db);
    for (const c of cases().map(withIds)) {
      const res = await call(c.handler, { method: c.method, params: c.params, body: c.body, as: null });
      bodies.push(res.text);
      expect(res.status, c.name).toBe(c.anonymous ?? 401);
      if (!c.anonymous) expect(res.body.error, c.name).toMatchObject({ code: "auth:unauthenticated" });
    }
    expect(await rowCounts(h.db)).toEqual(before);
  });

  it("refuses callers with the wrong role (session or token) and leaves no row behind", async () => {
    const before = await rowCounts(h.db);
    let checked = 0;
    for (const c of cases().map(withIds)) {
      for (const w of c.wrong ?? []) {
        const res = await call(c.handler, { method: c.method, params: c.params, body: c.body, as: w.as() });
        bodies.push(res.text);
        expect(
          res.status,
          `${c.name} as ${typeof w.as() === "string" ? "token" : (w.as() as Actor).email}`,
        ).toBe(w.status);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(await rowCounts(h.db)).toEqual(before);
  });

  it("rejects unknown, malformed and revoked tokens immediately", async () => {
    for (const bad of ["arena_nope", "nope", memberToken.slice(0, -1)]) {
      const res = await call(r(meRoute.GET), { as: bad });
      expect(res.status).toBe(401);
      expect(res.body.error).toMatchObject({ code: "token:invalid" });
    }
    const fresh = await createApiToken(h.db, outsider, { name: "short-lived" });
    secrets.push(fresh.token);
    expect((await call(r(meRoute.GET), { as: fresh.token })).status).toBe(200);
    const revoke = await call(r(tokenRoute.DELETE), {
      method: "DELETE",
      params: { id: fresh.info.id },
      as: fresh.token,
    });
    expect(revoke.status).toBe(200);
    const after = await call(r(meRoute.GET), { as: fresh.token });
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: "token:revoked" });
  });

  it("lets the right callers act, with the owner's permissions through a token", async () => {
    const me = await call(r(meRoute.GET), { as: memberToken });
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ email: member.email, role: "participant" });
    expect(me.body.teams).toEqual([
      expect.objectContaining({ id: teamId, name: "Team T", challengeSlug: "pub" }),
    ]);

    const orgToken = (await createApiToken(h.db, org, { name: "org" })).token;
    secrets.push(orgToken);
    const patched = await call(r(challengeRoute.PATCH), {
      method: "PATCH",
      params: { slug: "pub" },
      body: { summary: "Now with a summary" },
      as: orgToken,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.challenge).toMatchObject({ slug: "pub", summary: "Now with a summary" });
    const audit = await call(r(auditRoute.GET), { params: { slug: "pub" }, as: admin });
    expect(audit.status).toBe(200);
    const actions = (audit.body.entries as { action: string }[]).map((e) => e.action);
    expect(actions[0]).toBe("challenge.update");

    const promoted = await call(r(userRoute.PATCH), {
      method: "PATCH",
      params: { id: outsider.id },
      body: { role: "organizer" },
      as: admin,
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.user).toMatchObject({ id: outsider.id, role: "organizer" });
    const demoteSelf = await call(r(userRoute.PATCH), {
      method: "PATCH",
      params: { id: admin.id },
      body: { role: "participant" },
      as: admin,
    });
    expect(demoteSelf.status).toBe(409);
    const badRole = await call(r(userRoute.PATCH), {
      method: "PATCH",
      params: { id: outsider.id },
      body: { role: "king" },
      as: admin,
    });
    expect(badRole.status).toBe(422);
    expect(badRole.body.error).toMatchObject({ details: { fields: [{ field: "role" }] } });

    const created = await call(r(tokensRoute.POST), {
      method: "POST",
      body: { name: "via api" },
      as: memberToken,
    });
    expect(created.status).toBe(201);
    expect(String(created.body.token)).toMatch(/^arena_[A-Za-z0-9_-]{32}$/);
    secrets.push(String(created.body.token));
    const listed = await call(r(tokensRoute.GET), { as: memberToken });
    const text = listed.text;
    expect(text).not.toContain(String(created.body.token));
    expect(text).not.toMatch(/tokenHash|token_hash/);
    bodies.push(
      me.text,
      patched.text,
      audit.text,
      created.text.replace(String(created.body.token), ""),
      listed.text,
    );
  });

  it("answers invalid input with 422 naming the field", async () => {
    const res = await call(r(challengesRoute.POST), {
      method: "POST",
      body: { slug: "Bad Slug!", title: "ok title" },
      as: org,
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "validation", details: { fields: [{ field: "slug" }] } });
    const junk = await call(r(challengesRoute.POST), { method: "POST", body: undefined, as: org });
    expect(junk.status).toBe(422);
    const huge = await call(r(challengesRoute.POST), {
      method: "POST",
      body: { slug: "huge", title: "Huge", description: "x".repeat(300 * 1024) },
      as: org,
    });
    expect(huge.status).toBe(422);
    const formPost = await call(r(challengesRoute.POST), {
      method: "POST",
      body: { slug: "csrf-attempt", title: "Cross-site form" },
      contentType: "text/plain",
      as: org,
    });
    expect(formPost.status).toBe(422);
    expect(formPost.body.error).toMatchObject({ message: expect.stringMatching(/application\/json/) });
    expect(huge.body.error).toMatchObject({ details: { fields: [{ field: "(body)" }] } });
  });

  it("never puts a password, token or hash in a response or a log line", () => {
    const all = [...bodies, ...logged].join("\n");
    for (const s of secrets) expect(all).not.toContain(s);
    expect(all).not.toMatch(/\$2[aby]\$\d\d\$/); // bcrypt hashes
    expect(all).not.toMatch(/passwordHash|password_hash|tokenHash|token_hash/);
  });
});
