import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../support/api";
import * as boxRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/route";
import * as boxesRoute from "@/app/api/v1/challenges/[slug]/boxes/route";
import * as challengeRoute from "@/app/api/v1/challenges/[slug]/route";
import * as challengeTeamsRoute from "@/app/api/v1/challenges/[slug]/teams/route";
import * as challengesRoute from "@/app/api/v1/challenges/route";
import * as teamRoute from "@/app/api/v1/teams/[id]/route";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox, getBlackBox, listBlackBoxes } from "@/lib/blackboxes/lifecycle";
import { createChallenge, getChallenge, listChallenges, updateChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { createTeam, getTeamFor, joinTeam, createInvite, listTeams } from "@/lib/teams";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { rowCounts } from "../support/rows";
import { insertBuiltBox, send, syntheticMjj } from "../support/uploads";

// Issue 17 item 8: what the pages show a signed-out visitor, the API answers an anonymous caller —
// through the same lib/ functions with a null actor — and nothing more: drafts stay 404, organizer
// fields (build, buildCheck), member emails and unrevealed truth stay out.

const N = 400;
/** A JSON round trip: what a route's body looks like for a lib/ value (dates become strings). */
const wire = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const ORGANIZER_ONLY = ["build", "buildCheck"];

describe.each(testDatabases())("anonymous reads of public data on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let alice: Actor; // team Alices of "open-data"
  let bob: Actor; // joins Alices
  let carol: Actor; // signed in, no team, organizes nothing
  let teamId: string;
  let hiddenTeamId: string;

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db, "participant", "Alice Anon");
    bob = await makeUser(h.db, "participant", "Bob Anon");
    carol = await makeUser(h.db);
    await createChallenge(h.db, org, {
      slug: "open-data",
      title: "Open data",
      summary: "Readable by anyone",
      description: "Find the bump.",
      status: "published",
      maxTeamSize: 3,
      endsAt: "2030-01-01T00:00:00Z",
    });
    await createChallenge(h.db, org, { slug: "hidden", title: "Hidden draft" });
    await createChallenge(h.db, org, { slug: "was-public", title: "Back to draft", status: "published" });
    teamId = (await createTeam(h.db, alice, "open-data", { name: "Alices" })).id;
    await joinTeam(h.db, bob, (await createInvite(h.db, alice, teamId)).token);
    hiddenTeamId = (await createTeam(h.db, carol, "was-public", { name: "Early birds" })).id;
    await updateChallenge(h.db, org, "was-public", { status: "draft" });
    const box = (slug: string, mode: "blind" | "practice") =>
      insertBuiltBox(h.db, org, "open-data", {
        slug,
        mode,
        eventIds: BigInt64Array.from({ length: N }, (_, i) => BigInt(i)),
        mjj: syntheticMjj(N, 7),
        labels: new Int8Array(N),
        signals: [{ model: "resonance-xy", n: 0, mass: 3517, mX: 503, mY: 97 }],
        scoringConfig: { bins: { min: 1500, max: 5100, n: 24 }, npe: 20, cutEfficiencies: [1] },
        quotas: { submissionsPerDay: 5, submissionsTotal: 5 },
      });
    await box("anon-blind", "blind");
    await box("anon-practice", "practice");
    const draftSpec = { generator: { events: 100, background: {} } };
    await createBlackBox(h.db, org, "open-data", {
      slug: "anon-wip",
      title: "Work in progress",
      spec: draftSpec,
    });
    await createBlackBox(h.db, org, "hidden", { slug: "anon-hidden", title: "Hidden box", spec: draftSpec });
  });
  afterAll(async () => {
    session.current = null;
    setDbHandle(undefined);
    await h.close();
  });

  const get = (handler: unknown, params: Record<string, string> = {}, as: Actor | string | null = null) =>
    send(handler, { params, as });
  /** The 404 an anonymous caller gets for something that does not exist at all. */
  const missing = async (handler: unknown, params: Record<string, string>) => {
    const r = await get(handler, params);
    expect(r.status).toBe(404);
    return r.body;
  };

  it("lists challenges like the home page: published ones, no drafts, the same fields as a participant gets", async () => {
    const before = await rowCounts(h.db);
    const anon = await get(challengesRoute.GET);
    expect(anon.status).toBe(200);
    const list = anon.body.challenges as Record<string, unknown>[];
    expect(list.map((c) => c.slug)).toEqual(["open-data"]);
    expect(list[0]).toMatchObject({
      title: "Open data",
      summary: "Readable by anyone",
      status: "published",
      endsAt: "2030-01-01T00:00:00.000Z",
    });
    expect(anon.body).toEqual(wire({ challenges: await listChallenges(h.db, null) }));
    expect(anon.body).toEqual((await get(challengesRoute.GET, {}, carol)).body);
    // The organizer still sees the drafts: the anonymous list is narrower, not the same query.
    const mine = (await get(challengesRoute.GET, {}, org)).body.challenges as { slug: string }[];
    expect(mine.map((c) => c.slug).sort()).toEqual(["hidden", "open-data", "was-public"]);
    expect(await rowCounts(h.db)).toEqual(before);
  });

  it("reads one challenge like its page; a draft is 404 exactly like a slug that does not exist", async () => {
    const anon = await get(challengeRoute.GET, { slug: "open-data" });
    expect(anon.status).toBe(200);
    expect(anon.body.challenge).toMatchObject({
      slug: "open-data",
      title: "Open data",
      description: "Find the bump.",
      maxTeamSize: 3,
      status: "published",
    });
    expect(anon.body.challenge).toEqual(wire(await getChallenge(h.db, null, "open-data")));
    expect(anon.body).toEqual((await get(challengeRoute.GET, { slug: "open-data" }, carol)).body);
    const nothing = await missing(challengeRoute.GET, { slug: "no-such-challenge" });
    for (const slug of ["hidden", "was-public"]) {
      const r = await get(challengeRoute.GET, { slug });
      expect([slug, r.status, r.body]).toEqual([slug, 404, nothing]);
    }
    expect((await get(challengeRoute.GET, { slug: "hidden" }, org)).status).toBe(200);
  });

  it("lists boxes like the challenge page: no draft box, no organizer fields, truth only of the practice box", async () => {
    const anon = await get(boxesRoute.GET, { slug: "open-data" });
    expect(anon.status).toBe(200);
    const boxes = anon.body.boxes as Record<string, unknown>[];
    expect(boxes.map((b) => b.slug)).toEqual(["anon-blind", "anon-practice"]);
    for (const b of boxes) {
      for (const k of ORGANIZER_ONLY) expect([b.slug, k, k in b]).toEqual([b.slug, k, false]);
      expect(b).toMatchObject({ status: "open", eventCount: N, featureNames: ["mjj", "mj1"] });
    }
    expect(boxes[0]).not.toHaveProperty("truth");
    expect(JSON.stringify(boxes[0])).not.toMatch(/3517|resonance/);
    // A practice box shows its truth from opening on, on the page as here (like the LHCO R&D set).
    expect(boxes[1]?.truth).toMatchObject({ spec: { generator: { signals: [{ mass: 3517 }] } } });
    expect(anon.body).toEqual(wire({ boxes: await listBlackBoxes(h.db, null, "open-data") }));
    expect(anon.body).toEqual((await get(boxesRoute.GET, { slug: "open-data" }, carol)).body);
    // Organizers still get the draft box and the organizer-only fields.
    const mine = (await get(boxesRoute.GET, { slug: "open-data" }, org)).body.boxes as Record<
      string,
      unknown
    >[];
    expect(mine.map((b) => b.slug)).toEqual(["anon-blind", "anon-practice", "anon-wip"]);
    expect(mine.every((b) => "build" in b && "buildCheck" in b)).toBe(true);
    const nothing = await missing(boxesRoute.GET, { slug: "no-such-challenge" });
    expect(await get(boxesRoute.GET, { slug: "hidden" })).toMatchObject({ status: 404, body: nothing });
  });

  it("reads one box like its page: public file and commitment, no build check, no truth; drafts 404", async () => {
    const anon = await get(boxRoute.GET, { slug: "open-data", box: "anon-blind" });
    expect(anon.status).toBe(200);
    const b = anon.body.box as Record<string, unknown>;
    expect(b).toMatchObject({
      slug: "anon-blind",
      title: "Box anon-blind",
      mode: "blind",
      status: "open",
      eventCount: N,
      featureNames: ["mjj", "mj1"],
      publicFile: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), size: expect.any(Number) },
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    for (const k of [...ORGANIZER_ONLY, "truth"]) expect([k, k in b]).toEqual([k, false]);
    expect(JSON.stringify(b)).not.toMatch(/3517|503|resonance/);
    const page = await getBlackBox(h.db, null, "open-data", "anon-blind");
    expect(b).toEqual(wire(page.view));
    const mine = (await get(boxRoute.GET, { slug: "open-data", box: "anon-blind" }, org)).body.box;
    expect(mine).toMatchObject({ build: { status: "built" }, truth: { spec: expect.any(Object) } });

    const nothing = await missing(boxRoute.GET, { slug: "open-data", box: "no-such-box" });
    const draft = await get(boxRoute.GET, { slug: "open-data", box: "anon-wip" });
    expect([draft.status, draft.body]).toEqual([404, nothing]);
    const inDraft = await get(boxRoute.GET, { slug: "hidden", box: "anon-hidden" });
    expect(inDraft.status).toBe(404);
    expect(inDraft.body).toEqual(await missing(boxRoute.GET, { slug: "no-such-challenge", box: "x" }));
  });

  it("lists teams and shows a team like the pages do: names, no emails; teams of drafts 404", async () => {
    const anon = await get(challengeTeamsRoute.GET, { slug: "open-data" });
    expect(anon.status).toBe(200);
    expect(anon.body.teams).toEqual([
      expect.objectContaining({ id: teamId, name: "Alices", memberCount: 2 }),
    ]);
    const c = await getChallenge(h.db, null, "open-data");
    expect(anon.body.teams).toEqual(wire(await listTeams(h.db, c.id)));
    expect((await get(challengeTeamsRoute.GET, { slug: "was-public" })).status).toBe(404);

    const team = await get(teamRoute.GET, { id: teamId });
    expect(team.status).toBe(200);
    const members = (team.body.team as { members: { name: string; email: string }[] }).members;
    expect(members.map((m) => [m.name, m.email])).toEqual([
      ["Alice Anon", ""],
      ["Bob Anon", ""],
    ]);
    expect(team.text).not.toContain(alice.email);
    expect(team.body.team).toEqual(wire(await getTeamFor(h.db, null, teamId)));
    // Members still see each other's emails: the blanking is the anonymous view, not a lost field.
    const own = (await get(teamRoute.GET, { id: teamId }, bob)).body.team as typeof team.body.team;
    expect(JSON.stringify(own)).toContain(alice.email);
    const nothing = await missing(teamRoute.GET, { id: "0f0f0f0f-0000-4000-8000-000000000000" });
    const hidden = await get(teamRoute.GET, { id: hiddenTeamId });
    expect([hidden.status, hidden.body]).toEqual([404, nothing]);
  });

  it("still refuses a bad token on every public read (401, never read as anonymous)", async () => {
    const reads: [unknown, Record<string, string>][] = [
      [challengesRoute.GET, {}],
      [challengeRoute.GET, { slug: "open-data" }],
      [boxesRoute.GET, { slug: "open-data" }],
      [boxRoute.GET, { slug: "open-data", box: "anon-blind" }],
      [challengeTeamsRoute.GET, { slug: "open-data" }],
      [teamRoute.GET, { id: teamId }],
    ];
    for (const [handler, params] of reads) {
      const r = await get(handler, params, "arena_not-a-real-token");
      expect([params, r.status, (r.body.error as { code: string }).code]).toEqual([
        params,
        401,
        "token:invalid",
      ]);
    }
  });
});
