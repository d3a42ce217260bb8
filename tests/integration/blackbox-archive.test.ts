import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api";
import { GET as fileRoute } from "@/app/api/files/[slug]/[box]/[file]/route";
import * as archiveRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/archive/route";
import * as leaderboardRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/leaderboard/route";
import * as boxRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/route";
import * as boxesRoute from "@/app/api/v1/challenges/[slug]/boxes/route";
import { listAuditEntries } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { setBoxArchived } from "@/lib/blackboxes/archive";
import {
  createBlackBox,
  getBlackBox,
  listBlackBoxes,
  requestBuild,
  transitionBlackBox,
} from "@/lib/blackboxes/lifecycle";
import { addOrganizer, createChallenge } from "@/lib/challenges";
import { blackBoxes } from "@/lib/db/schema";
import { createSubmission } from "@/lib/submissions/create";
import { createTeam } from "@/lib/teams";
import { testDatabases, useAppDatabase } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";
import { drainJobs } from "../support/worker";

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const SPEC = {
  generator: {
    events: 520,
    background: {},
    signals: [{ model: "resonance-xy", n: 20, mass: 3823, mX: 732, mY: 378 }],
  },
};

describe.each(testDatabases())("archiving revealed black boxes on $name", ({ open }) => {
  const h = useAppDatabase(open);
  let org: Actor;
  let coOrg: Actor;
  let admin: Actor;
  let otherOrg: Actor;
  let member: Actor;
  let challengeId: string;

  const ref = (boxSlug: string) => ({ challengeSlug: "arc", boxSlug });
  const archivedAt = async (slug: string) =>
    (await h.db.select().from(blackBoxes).where(eq(blackBoxes.slug, slug)))[0]?.archivedAt;
  const audits = async (action: string) =>
    (await listAuditEntries(h.db, challengeId)).filter((e) => e.action === action);
  const api = (
    handler: unknown,
    method: string,
    path: string,
    params: Record<string, string>,
    as: Actor | null,
  ) => call(handler as Route, { method, path, params, as });
  const archiveApi = (box: string, as: Actor | null, method: "POST" | "DELETE" = "POST") =>
    api(
      method === "POST" ? archiveRoute.POST : archiveRoute.DELETE,
      method,
      `/api/v1/challenges/arc/boxes/${box}/archive`,
      { slug: "arc", box },
      as,
    );
  const file = async (box: string, name: string) => {
    const res = await fileRoute(new Request(`http://arena.test/api/files/arc/${box}/${name}`), {
      params: Promise.resolve({ slug: "arc", box, file: name }),
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    org = await makeUser(h.db, "organizer");
    coOrg = await makeUser(h.db, "organizer");
    admin = await makeUser(h.db, "admin");
    otherOrg = await makeUser(h.db, "organizer");
    member = await makeUser(h.db);
    challengeId = (await createChallenge(h.db, org, { slug: "arc", title: "Archive", status: "published" }))
      .id;
    await createChallenge(h.db, otherOrg, { slug: "elsewhere", title: "Elsewhere", status: "published" });
    await addOrganizer(h.db, org, "arc", { email: coOrg.email });
    await createTeam(h.db, member, "arc", { name: "Archivists" });
    for (const slug of ["done", "steps", "later"]) {
      await createBlackBox(h.db, org, "arc", { slug, title: `Box ${slug}`, spec: SPEC });
      await requestBuild(h.db, org, "arc", slug);
    }
    await drainJobs(h.db);
    for (const slug of ["done", "later"])
      for (const to of ["open", "closed", "revealed"] as const)
        await transitionBlackBox(h.db, org, ref(slug), to);
  });

  it("archives a revealed box (co-organizer): archivedAt set, one audit entry, nothing else changed", async () => {
    const before = (await getBlackBox(h.db, org, "arc", "done")).box;
    const view = await setBoxArchived(h.db, coOrg, "arc", "done", true);
    expect(view.archivedAt).toBeInstanceOf(Date);
    expect(view.status).toBe("revealed");
    const after = (await getBlackBox(h.db, org, "arc", "done")).box;
    expect(after.archivedAt).toEqual(view.archivedAt);
    const { archivedAt: _a, updatedAt: _u, ...rest } = after;
    const { archivedAt: _b, updatedAt: _v, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    const [entry, ...more] = await audits("blackbox.archive");
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorId: coOrg.id,
      targetType: "black_box",
      targetId: before.id,
      details: { slug: "done", archivedAt: view.archivedAt!.toISOString() },
    });
    // Twice is a conflict, and writes no second entry.
    await expect(setBoxArchived(h.db, org, "arc", "done", true)).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("already archived"),
    });
    expect(await audits("blackbox.archive")).toHaveLength(1);
  });

  it("refuses to archive a draft, an open and a closed box with a 409 naming the state", async () => {
    const expected = {
      draft:
        'Black box "steps" is draft: only a revealed box can be archived. A draft can be deleted instead.',
      open: 'Black box "steps" is open: only a revealed box can be archived. Close and reveal it first.',
      closed: 'Black box "steps" is closed: only a revealed box can be archived. Close and reveal it first.',
    };
    for (const state of ["draft", "open", "closed"] as const) {
      if (state !== "draft") await transitionBlackBox(h.db, org, ref("steps"), state);
      await expect(setBoxArchived(h.db, org, "arc", "steps", true)).rejects.toMatchObject({
        code: "conflict",
        message: expected[state],
      });
      await expect(setBoxArchived(h.db, admin, "arc", "steps", false)).rejects.toMatchObject({
        code: "conflict",
        message: 'Black box "steps" is not archived.',
      });
    }
    const res = await archiveApi("steps", org);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", message: expected.closed });
    expect(await archivedAt("steps")).toBeNull();
    expect((await audits("blackbox.archive")).map((e) => e.details)).not.toContainEqual(
      expect.objectContaining({ slug: "steps" }),
    );
  });

  it("refuses anyone but the challenge's organizers and admins, as the box's other actions do", async () => {
    for (const archive of [true, false]) {
      expect(await codeOf(setBoxArchived(h.db, null, "arc", "later", archive))).toBe("auth:unauthenticated");
      for (const who of [member, otherOrg])
        expect(await codeOf(setBoxArchived(h.db, who, "arc", "later", archive))).toBe("auth:forbidden");
    }
    await createBlackBox(h.db, org, "arc", { slug: "hidden", title: "Hidden draft", spec: SPEC });
    expect(await codeOf(setBoxArchived(h.db, member, "arc", "hidden", true))).toBe("not_found");

    expect((await archiveApi("later", null)).status).toBe(401);
    expect((await archiveApi("later", member)).status).toBe(403);
    expect((await archiveApi("later", otherOrg)).status).toBe(403);
    expect((await archiveApi("later", null, "DELETE")).status).toBe(401);
    expect((await archiveApi("hidden", member)).status).toBe(404);
    expect(await archivedAt("later")).toBeNull();

    // An admin who organizes nothing here acts as an organizer.
    const ok = await archiveApi("later", admin);
    expect(ok.status).toBe(200);
    expect((ok.body.box as { archivedAt: string }).archivedAt).toEqual(expect.any(String));
    expect((await audits("blackbox.archive")).at(0)).toMatchObject({ actorId: admin.id });
  });

  it("keeps an archived box readable by anyone: box, files, truth, leaderboard; refuses submissions", async () => {
    const { box } = await getBlackBox(h.db, org, "arc", "done");
    const read = await api(
      boxRoute.GET,
      "GET",
      "/api/v1/challenges/arc/boxes/done",
      { slug: "arc", box: "done" },
      null,
    );
    expect(read.status).toBe(200);
    expect(read.body.box).toMatchObject({
      slug: "done",
      status: "revealed",
      archivedAt: box.archivedAt!.toISOString(),
      commitment: box.truthCommitment,
      truth: { sha256: box.truthBlob },
    });
    const pub = await file("done", "public.h5");
    expect(pub.status).toBe(200);
    expect(pub.bytes.length).toBeGreaterThan(0);
    const truth = await file("done", "truth.h5");
    expect(truth.status).toBe(200);
    expect(truth.bytes.length).toBeGreaterThan(0);
    const board = await api(
      leaderboardRoute.GET,
      "GET",
      "/api/v1/challenges/arc/boxes/done/leaderboard",
      { slug: "arc", box: "done" },
      null,
    );
    expect(board.status).toBe(200);
    expect(board.body.box).toMatchObject({ slug: "done", archivedAt: box.archivedAt!.toISOString() });

    await expect(
      createSubmission(h.db, member, ref("done"), { kind: "claim", claim: { signalPresent: true } }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("is revealed") });
  });

  it("lists archived boxes with archivedAt (null when active); ?archived filters; a bad value is a 422", async () => {
    const list = async (query: string, as: Actor | null = null) => {
      const res = await api(
        boxesRoute.GET,
        "GET",
        `/api/v1/challenges/arc/boxes${query}`,
        { slug: "arc" },
        as,
      );
      return { ...res, boxes: (res.body.boxes ?? []) as { slug: string; archivedAt: string | null }[] };
    };
    const all = await list("");
    expect(all.status).toBe(200);
    const bySlug = Object.fromEntries(all.boxes.map((b) => [b.slug, b.archivedAt]));
    expect(bySlug).toEqual({
      done: (await archivedAt("done"))!.toISOString(),
      steps: null,
      later: (await archivedAt("later"))!.toISOString(),
    });
    expect((await list("?archived=false")).boxes.map((b) => b.slug)).toEqual(["steps"]);
    expect((await list("?archived=true")).boxes.map((b) => b.slug).sort()).toEqual(["done", "later"]);
    expect((await list("?archived=false", org)).boxes.map((b) => b.slug)).toEqual(["steps", "hidden"]);
    const bad = await list("?archived=maybe");
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({
      code: "validation",
      details: { fields: [{ field: "archived", message: expect.stringContaining("true or false") }] },
    });
    expect((await listBlackBoxes(h.db, null, "arc", { archived: true })).map((b) => b.slug).sort()).toEqual([
      "done",
      "later",
    ]);
  });

  it("unarchives: archivedAt back to null, audited; unarchiving again is a 409", async () => {
    const since = await archivedAt("done");
    const res = await archiveApi("done", coOrg, "DELETE");
    expect(res.status).toBe(200);
    expect(res.body.box).toMatchObject({ slug: "done", archivedAt: null, status: "revealed" });
    expect(await archivedAt("done")).toBeNull();
    expect((await audits("blackbox.unarchive")).at(0)).toMatchObject({
      actorId: coOrg.id,
      details: { slug: "done", archivedSince: since!.toISOString() },
    });
    const again = await archiveApi("done", coOrg, "DELETE");
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "conflict",
      message: 'Black box "done" is not archived.',
    });
    expect(await audits("blackbox.unarchive")).toHaveLength(1);
    // And it can be archived again.
    expect((await archiveApi("done", org)).status).toBe(200);
    expect(await audits("blackbox.archive")).toHaveLength(3);
  });
});
