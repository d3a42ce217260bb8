import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../support/api";
import * as boxRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/route";
import { listAuditEntries } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { deleteDraftBox } from "@/lib/blackboxes/delete";
import { createBlackBox, getBlackBox, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { addOrganizer, createChallenge } from "@/lib/challenges";
import { blackBoxes, submissions } from "@/lib/db/schema";
import { blobStore } from "@/lib/storage";
import { testDatabases, useAppDatabase } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";

const SPEC = { generator: { events: 1010, background: { variant: "pythia" } }, seed: 7 };

type Route = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe.each(testDatabases())("deleting draft black boxes on $name", ({ open }) => {
  const h = useAppDatabase(open);
  let org: Actor;
  let coOrg: Actor;
  let otherOrg: Actor;
  let participant: Actor;
  let challengeId: string;

  /** A draft box as the build leaves it: real files in the blob store, `shared` the public file's bytes. */
  async function builtDraft(slug: string, shared = `public of ${slug}`) {
    await createBlackBox(h.db, org, "lhco", { slug, title: `Box ${slug}`, spec: SPEC });
    const store = blobStore();
    const pub = store.put(new TextEncoder().encode(shared)).sha256;
    const truth = store.put(new TextEncoder().encode(`truth of ${slug}`)).sha256;
    const cols = store.put(new TextEncoder().encode(`columns of ${slug}`)).sha256;
    await h.db
      .update(blackBoxes)
      .set({
        buildStatus: "built",
        publicBlob: pub,
        truthBlob: truth,
        truthCommitment: truth,
        scoringColumns: { feature: "mjj", blob: cols },
        eventCount: 1010,
      })
      .where(eq(blackBoxes.slug, slug));
    return { pub, truth, cols };
  }

  const boxExists = async (slug: string) =>
    (await h.db.select().from(blackBoxes).where(eq(blackBoxes.slug, slug))).length === 1;

  beforeAll(async () => {
    org = await makeUser(h.db, "organizer");
    coOrg = await makeUser(h.db, "organizer");
    otherOrg = await makeUser(h.db, "organizer");
    participant = await makeUser(h.db);
    challengeId = (await createChallenge(h.db, org, { slug: "lhco", title: "LHCO", status: "published" })).id;
    await createChallenge(h.db, otherOrg, { slug: "elsewhere", title: "Elsewhere", status: "published" });
    await addOrganizer(h.db, org, "lhco", { email: coOrg.email });
  });

  it("lets an organizer delete a built draft: row, files and an audit entry", async () => {
    const files = await builtDraft("test-box");
    for (const who of [participant, otherOrg]) {
      expect(await codeOf(deleteDraftBox(h.db, who, "lhco", "test-box"))).toBe("not_found");
    }
    expect(await codeOf(deleteDraftBox(h.db, null, "lhco", "test-box"))).toBe("auth:unauthenticated");
    expect(await boxExists("test-box")).toBe(true);

    const { box } = await getBlackBox(h.db, org, "lhco", "test-box");
    expect(await deleteDraftBox(h.db, coOrg, "lhco", "test-box")).toEqual({
      slug: "test-box",
      filesRemoved: 3,
    });
    expect(await boxExists("test-box")).toBe(false);
    for (const sha of Object.values(files)) expect(blobStore().has(sha), sha).toBe(false);
    expect(await codeOf(getBlackBox(h.db, org, "lhco", "test-box"))).toBe("not_found");

    const [entry] = (await listAuditEntries(h.db, challengeId)).filter((e) => e.targetId === box.id);
    expect(entry).toMatchObject({
      action: "blackbox.delete",
      actorId: coOrg.id,
      details: { slug: "test-box", title: "Box test-box", build: "built", filesRemoved: 3 },
    });
    // The audit log never names the sealed truth file.
    expect(JSON.stringify(entry)).not.toContain(files.truth);
  });

  it("deletes a draft that was never built (no files)", async () => {
    await createBlackBox(h.db, org, "lhco", { slug: "unbuilt", title: "Unbuilt", spec: SPEC });
    expect(await deleteDraftBox(h.db, org, "lhco", "unbuilt")).toEqual({ slug: "unbuilt", filesRemoved: 0 });
    expect(await boxExists("unbuilt")).toBe(false);
  });

  it("keeps a file another box or a submission still uses", async () => {
    const a = await builtDraft("twin-a", "identical public bytes");
    const b = await builtDraft("twin-b", "identical public bytes");
    expect(b.pub).toBe(a.pub);
    // twin-a's column cache is also some (baseline) submission's upload.
    const [other] = await h.db
      .select({ id: blackBoxes.id })
      .from(blackBoxes)
      .where(eq(blackBoxes.slug, "twin-b"));
    await h.db
      .insert(submissions)
      .values({ blackBoxId: other!.id, baseline: "bump-hunt", kind: "scores", blob: a.cols, counted: false });

    expect(await deleteDraftBox(h.db, org, "lhco", "twin-a")).toEqual({ slug: "twin-a", filesRemoved: 1 });
    expect(blobStore().has(a.pub)).toBe(true);
    expect(blobStore().has(a.cols)).toBe(true);
    expect(blobStore().has(a.truth)).toBe(false);
    expect((await getBlackBox(h.db, org, "lhco", "twin-b")).box.publicBlob).toBe(a.pub);
  });

  it("refuses a box being built, and every box that has been opened — files and row stay", async () => {
    await createBlackBox(h.db, org, "lhco", { slug: "building", title: "Building", spec: SPEC });
    await h.db.update(blackBoxes).set({ buildStatus: "building" }).where(eq(blackBoxes.slug, "building"));
    await expect(deleteDraftBox(h.db, org, "lhco", "building")).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("being built"),
    });
    expect(await boxExists("building")).toBe(true);

    const files = await builtDraft("live");
    const ref = { challengeSlug: "lhco", boxSlug: "live" };
    for (const to of ["open", "closed", "revealed"] as const) {
      await transitionBlackBox(h.db, org, ref, to);
      await expect(deleteDraftBox(h.db, org, "lhco", "live")).rejects.toMatchObject({
        code: "conflict",
        message: `Black box "live" is ${to}: only a draft can be deleted. Once opened, a box's public file and commitment are published, so it stays.`,
      });
      // Visible to them now, and still not theirs to delete.
      expect(await codeOf(deleteDraftBox(h.db, participant, "lhco", "live"))).toBe("auth:forbidden");
      expect(await codeOf(deleteDraftBox(h.db, otherOrg, "lhco", "live"))).toBe("auth:forbidden");
    }
    expect(await boxExists("live")).toBe(true);
    for (const sha of Object.values(files)) expect(blobStore().has(sha), sha).toBe(true);
    const deleted = (await listAuditEntries(h.db, challengeId))
      .filter((e) => e.action === "blackbox.delete")
      .map((e) => (e.details as { slug: string }).slug);
    expect(deleted.sort()).toEqual(["test-box", "twin-a", "unbuilt"]);
  });

  it("DELETE /api/v1/challenges/{slug}/boxes/{box}: 200 for a draft, 409 for an open box, 401 anonymous", async () => {
    const del = (box: string, as: Actor | null) =>
      call(boxRoute.DELETE as Route, {
        method: "DELETE",
        path: `/api/v1/challenges/lhco/boxes/${box}`,
        params: { slug: "lhco", box },
        as,
      });
    await builtDraft("via-api");
    expect((await del("via-api", null)).status).toBe(401);
    expect((await del("via-api", participant)).status).toBe(404);
    const ok = await del("via-api", org);
    expect(ok).toMatchObject({ status: 200, body: { deleted: { slug: "via-api", filesRemoved: 3 } } });
    expect(await boxExists("via-api")).toBe(false);
    const live = await del("live", org);
    expect(live.status).toBe(409);
    expect(live.body.error).toMatchObject({
      code: "conflict",
      message: expect.stringContaining("only a draft"),
    });
  });
});
