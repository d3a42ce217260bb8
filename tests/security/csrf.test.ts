import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../support/api";
import * as inviteRoute from "@/app/api/v1/invites/[token]/route";
import * as teamInvitesRoute from "@/app/api/v1/teams/[id]/invites/route";
import * as teamLeaveRoute from "@/app/api/v1/teams/[id]/leave/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { createInvite, createTeam, listMyTeams } from "@/lib/teams";
import { createApiToken, listApiTokens } from "@/lib/tokens";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";

// Issue 15 item 6: a page on another site posted to /api/v1 with the victim's session cookie and
// the request went through (201), and invite/join/leave — which take no JSON — could be sent as a
// plain cross-site form. The session cookie here is getServerSession's stand-in (support/api.ts).

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function post(
  route: unknown,
  path: string,
  as: Actor | string,
  headers: Record<string, string>,
  opts: { params?: Record<string, string>; body?: string } = {},
) {
  session.current = typeof as === "string" ? null : as;
  const h = new Headers(headers);
  if (typeof as === "string") h.set("authorization", `Bearer ${as}`);
  const res = await (route as Route)(
    new Request(`http://arena.test${path}`, { method: "POST", headers: h, body: opts.body }),
    {
      params: Promise.resolve(opts.params ?? {}),
    },
  );
  return { status: res.status, body: (await res.json()) as { error?: { code: string; details?: unknown } } };
}

const EVIL = { origin: "https://evil.example", "content-type": "text/plain" };
const EVIL_FETCH = {
  origin: "https://evil.example",
  "sec-fetch-site": "cross-site",
  "content-type": "application/json",
};

describe.each(testDatabases())(
  "cookie-authenticated writes from other sites are refused, on $name",
  ({ open }) => {
    let h: DbHandle;
    let victim: Actor;
    let joiner: Actor;
    let teamId: string;
    let inviteToken: string;
    beforeAll(async () => {
      h = await open();
      setDbHandle(h);
      const org = await makeUser(h.db, "organizer");
      victim = await makeUser(h.db, "participant");
      joiner = await makeUser(h.db, "participant");
      await createChallenge(h.db, org, { slug: "csrf", title: "CSRF cup", status: "published" });
      teamId = (await createTeam(h.db, victim, "csrf", { name: "Victims" })).id;
      inviteToken = (await createInvite(h.db, victim, teamId)).token;
    });
    afterAll(async () => {
      setDbHandle(undefined);
      session.current = null;
      await h.close();
    });

    it("refuses a cross-site POST that creates an API token for the victim", async () => {
      const before = (await listApiTokens(h.db, victim)).length;
      for (const headers of [EVIL, EVIL_FETCH, { "content-type": "application/json" }]) {
        const r = await post(tokensRoute.POST, "/api/v1/tokens", victim, headers, {
          body: '{"name":"csrf"}',
        });
        expect(r.status).toBe(403);
        expect(r.body.error?.code).toBe("auth:cross_origin");
      }
      expect(await listApiTokens(h.db, victim)).toHaveLength(before);
    });

    it("refuses cross-site invite, join and leave, which need no body", async () => {
      const invite = await post(teamInvitesRoute.POST, `/api/v1/teams/${teamId}/invites`, victim, EVIL, {
        params: { id: teamId },
      });
      expect(invite.status).toBe(403);
      const join = await post(inviteRoute.POST, `/api/v1/invites/${inviteToken}`, joiner, EVIL, {
        params: { token: inviteToken },
      });
      expect(join.status).toBe(403);
      const leave = await post(teamLeaveRoute.POST, `/api/v1/teams/${teamId}/leave`, victim, EVIL, {
        params: { id: teamId },
      });
      expect(leave.status).toBe(403);
      expect((await listMyTeams(h.db, victim)).map((t) => t.id)).toContain(teamId);
      expect(await listMyTeams(h.db, joiner)).toHaveLength(0);
    });

    it("refuses an empty body where the route needs one", async () => {
      const r = await post(tokensRoute.POST, "/api/v1/tokens", victim, { "sec-fetch-site": "same-origin" });
      expect(r.status).toBe(422);
      expect(JSON.stringify(r.body)).toContain("(body)");
    });

    it("still serves the app's own pages and Bearer-token clients", async () => {
      const json = { "content-type": "application/json" };
      const own = await post(
        tokensRoute.POST,
        "/api/v1/tokens",
        victim,
        { ...json, origin: "http://arena.test" },
        {
          body: '{"name":"from the account page"}',
        },
      );
      expect(own.status).toBe(201);
      const fetched = await post(
        tokensRoute.POST,
        "/api/v1/tokens",
        victim,
        { ...json, "sec-fetch-site": "same-origin" },
        {
          body: '{"name":"fetch"}',
        },
      );
      expect(fetched.status).toBe(201);
      const { token } = await createApiToken(h.db, victim, { name: "script" });
      const script = await post(
        tokensRoute.POST,
        "/api/v1/tokens",
        token,
        { ...json, origin: "https://evil.example" },
        {
          body: '{"name":"from a script"}',
        },
      );
      expect(script.status).toBe(201);
    });
  },
);
