import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import {
  createBlackBox,
  getBlackBox,
  listBlackBoxes,
  requestBuild,
  transitionBlackBox,
} from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { blackBoxes, jobs } from "@/lib/db/schema";
import { readPublicFeature, readSealedTruth, truthCommitment } from "@/core/formats";
import { blobStore } from "@/lib/storage";
import { boxLeaderboard } from "@/lib/submissions/queries";
import { startWorker } from "@/lib/jobs/runner";
import { testDatabases } from "../support/db";
import { drainJobs } from "../support/worker";
import { codeOf, makeUser } from "../support/fixtures";

const SPEC = {
  generator: {
    events: 1010,
    background: { variant: "pythia" },
    signals: [{ model: "resonance-xy", n: 10, mass: 3823, mX: 732, mY: 378 }],
  },
  seed: 7,
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
    const badSpec = {
      generator: {
        events: 1000,
        background: {},
        signals: [{ model: "resonance-xy", n: 5, mass: 3500, mX: 2000, mY: 900 }],
      },
    };
    await expect(
      createBlackBox(h.db, org, "lhco", { slug: "bad", title: "Bad", spec: badSpec }),
    ).rejects.toMatchObject({
      code: "validation",
      message: expect.stringContaining("mY"),
    });
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
    expect(after.truth).toMatchObject({ spec: SPEC, sha256: "b".repeat(64) });
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
    expect((await getBlackBox(h.db, null, "lhco", "rnd")).view.truth?.spec).toMatchObject(SPEC);
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

  it("builds a box in the background: public file, sealed truth, commitment — then it can open", async () => {
    await createBlackBox(h.db, org, "lhco", { slug: "built", title: "Built", spec: SPEC });
    expect(await codeOf(requestBuild(h.db, participant, "lhco", "built"))).toBe("not_found");
    const { jobId } = await requestBuild(h.db, org, "lhco", "built");
    await drainJobs(h.db);
    const job = (await h.db.select().from(jobs).where(eq(jobs.id, jobId)))[0]!;
    expect(job.status, job.lastError ?? "").toBe("completed");
    expect(job.progress).toEqual({ step: 4, of: 4, message: "built" });
    const { box, view } = await getBlackBox(h.db, org, "lhco", "built");
    expect(view.build).toEqual({ status: "built", error: null, jobId });
    expect(view.eventCount).toBe(1010);
    // The box build check (SCORING §2): the plain bump hunt, for the organizers' eyes before opening.
    expect(view.buildCheck?.status).toMatch(/^(ok|rejected)$/);
    expect(view.buildCheck?.counts.length).toBe((view.buildCheck?.edges.length ?? 0) - 1);
    if (view.buildCheck?.status === "rejected") expect(view.buildCheck.reason).toBeTruthy();
    // The job stored its files in this process's blob store (a fresh data dir per test file).
    const store = blobStore();
    const truthBytes = store.read(box.truthBlob!);
    expect(box.truthCommitment).toBe(truthCommitment(truthBytes));
    const truth = await readSealedTruth(truthBytes, "truth.h5");
    expect(truth.labels.reduce((a, b) => a + b, 0)).toBe(10);
    const mjj = await readPublicFeature(store.read(box.publicBlob!), "public.h5", "mjj");
    expect(mjj.values.length).toBe(1010);
    expect(Array.from(mjj.eventIds)).toEqual(Array.from(truth.eventIds));
    await transitionBlackBox(h.db, org, { challengeSlug: "lhco", boxSlug: "built" }, "open");
    // Only the challenge's organizers see it: not a participant, not another challenge's organizer.
    for (const who of [participant, otherOrg, null]) {
      expect((await getBlackBox(h.db, who, "lhco", "built")).view).not.toHaveProperty("buildCheck");
      const listed = (await listBlackBoxes(h.db, who, "lhco")).find((b) => b.slug === "built");
      expect(listed).not.toHaveProperty("buildCheck");
    }
    expect((await listBlackBoxes(h.db, org, "lhco")).find((b) => b.slug === "built")?.buildCheck).toEqual(
      view.buildCheck,
    );
    // It stays on the box endpoints: the (public) leaderboard's box carries none, even for organizers.
    const lb = await boxLeaderboard(h.db, org, { challengeSlug: "lhco", boxSlug: "built" }, "scores");
    expect(lb.box.build?.status).toBe("built");
    expect(lb.box).not.toHaveProperty("buildCheck");
  });
});
