import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox, getBlackBox, listBlackBoxes, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { blackBoxes, jobs } from "@/lib/db/schema";
import { startWorker } from "@/scorer/worker/runner";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";

const SPEC = {
  background: { n: 1000, variant: "pythia" },
  signals: [{ model: "resonance-xy", n: 10, mass: 3823, mX: 732, mY: 378 }],
};

/** Stand in for the build job (generator + writers): what a built box has. */
async function markBuilt(h: DbHandle, id: string) {
  await h.db
    .update(blackBoxes)
    .set({
      buildStatus: "built",
      publicBlob: "a".repeat(64),
      truthBlob: "b".repeat(64),
      truthCommitment: "c".repeat(64),
      eventCount: 1010,
      publicSize: 4096,
    })
    .where(eq(blackBoxes.id, id));
}

describe.each(testDatabases())("black box lifecycle on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let otherOrg: Actor;
  let participant: Actor;
  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    otherOrg = await makeUser(h.db, "organizer");
    participant = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "lhco", title: "LHCO", status: "published" });
    await createChallenge(h.db, otherOrg, { slug: "elsewhere", title: "Elsewhere", status: "published" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("lets only the challenge's organizers create boxes, and hides drafts from everyone else", async () => {
    expect(
      await codeOf(
        createBlackBox(h.db, participant, "lhco", { slug: "bb1", title: "Black Box 1", spec: SPEC }),
      ),
    ).toBe("auth:forbidden");
    expect(
      await codeOf(createBlackBox(h.db, otherOrg, "lhco", { slug: "bb1", title: "Black Box 1", spec: SPEC })),
    ).toBe("auth:forbidden");
    expect(
      await codeOf(createBlackBox(h.db, org, "lhco", { slug: "Bad Slug", title: "x", spec: SPEC })),
    ).toBe("validation");
    const v = await createBlackBox(h.db, org, "lhco", { slug: "bb1", title: "Black Box 1", spec: SPEC });
    expect(v).toMatchObject({ status: "draft", mode: "blind", truth: { spec: SPEC } });
    expect(await codeOf(createBlackBox(h.db, org, "lhco", { slug: "bb1", title: "Again", spec: SPEC }))).toBe(
      "conflict",
    );
    for (const who of [null, participant, otherOrg]) {
      expect(await codeOf(getBlackBox(h.db, who, "lhco", "bb1"))).toBe("not_found");
      expect(await listBlackBoxes(h.db, who, "lhco")).toEqual([]);
    }
  });

  it("opens only after a build, one step at a time, by organizers only — and never shows truth early", async () => {
    expect(
      await codeOf(transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "bb1" }, "open")),
    ).toBe("conflict");
    const { box } = await getBlackBox(h.db, org, "lhco", "bb1");
    await markBuilt(h, box.id);
    expect(
      await codeOf(transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "bb1" }, "revealed")),
    ).toBe("conflict");
    await transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "bb1" }, "open");
    for (const who of [null, participant, otherOrg]) {
      expect(
        await codeOf(transitionBlackBox(h.db, who, { challengeSlug: "lhco", boxSlug: "bb1" }, "closed")),
      ).toBe(who ? "auth:forbidden" : "auth:unauthenticated");
      const { view } = await getBlackBox(h.db, who, "lhco", "bb1");
      expect(view.commitment).toBe("c".repeat(64));
      expect(view.publicFile).toEqual({ sha256: "a".repeat(64), size: 4096 });
      expect(view.truth).toBeUndefined();
      expect(JSON.stringify(view)).not.toMatch(/3823|resonance|b{64}/);
    }
    await transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "bb1" }, "closed");
    expect((await getBlackBox(h.db, participant, "lhco", "bb1")).view.truth).toBeUndefined();
    await transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "bb1" }, "revealed");
    const after = (await getBlackBox(h.db, participant, "lhco", "bb1")).view;
    expect(after.truth).toEqual({ spec: SPEC, sha256: "b".repeat(64) });
    const actions = (await listAuditEntries(h.db, box.challengeId))
      .map((e) => e.action)
      .filter((a) => a.startsWith("blackbox."));
    expect(actions.reverse()).toEqual([
      "blackbox.create",
      "blackbox.open",
      "blackbox.close",
      "blackbox.reveal",
    ]);
  });

  it("shows a practice box's labels from opening on", async () => {
    await createBlackBox(h.db, org, "lhco", { slug: "rnd", title: "R&D", mode: "practice", spec: SPEC });
    const { box } = await getBlackBox(h.db, org, "lhco", "rnd");
    await markBuilt(h, box.id);
    await transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "rnd" }, "open");
    expect((await getBlackBox(h.db, null, "lhco", "rnd")).view.truth?.spec).toEqual(SPEC);
  });

  it("closes and reveals on schedule, carried out by the worker within a poll interval", async () => {
    const soon = (ms: number) => new Date(Date.now() + ms).toISOString();
    await createBlackBox(h.db, org, "lhco", {
      slug: "timed",
      title: "Timed",
      spec: SPEC,
      closesAt: soon(1500),
      revealAt: soon(2500),
    });
    const { box } = await getBlackBox(h.db, org, "lhco", "timed");
    await markBuilt(h, box.id);
    await transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "timed" }, "open");
    const queued = await h.db.select().from(jobs).where(eq(jobs.kind, "blackbox-transition"));
    expect(queued.map((j) => (j.payload as { to: string }).to).sort()).toEqual(["closed", "revealed"]);
    const worker = await startWorker({
      db: h.db,
      mode: "embedded",
      leaseSeconds: 5,
      pollMs: 100,
      log: () => {},
    });
    try {
      const deadline = Date.now() + 10_000;
      let status = "open";
      while (status !== "revealed" && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await h.db.select().from(blackBoxes).where(eq(blackBoxes.id, box.id)))[0]!.status;
      }
      const [row] = await h.db
        .select({
          revealedAt: blackBoxes.revealedAt,
          lateMs: sql<number>`extract(epoch from ${blackBoxes.revealedAt} - ${blackBoxes.revealAt}) * 1000`,
        })
        .from(blackBoxes)
        .where(eq(blackBoxes.id, box.id));
      expect(status).toBe("revealed");
      // Within one poll interval (100 ms here) plus a claim and a transaction.
      expect(Number(row!.lateMs)).toBeLessThan(1000);
    } finally {
      await worker.stop();
    }
    const audit = (await listAuditEntries(h.db, box.challengeId)).filter((e) => e.targetId === box.id);
    expect(audit.slice(0, 2).map((e) => [e.action, e.actorId, (e.details as { by?: string }).by])).toEqual([
      ["blackbox.reveal", null, "schedule"],
      ["blackbox.close", null, "schedule"],
    ]);
  });
});
