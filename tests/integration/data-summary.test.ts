import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { FEATURE_BINS, MASS_BINS, featureHistogram } from "@/lib/blackboxes/data-summary";
import {
  createBlackBox,
  getBlackBox,
  listBlackBoxes,
  requestBuild,
  transitionBlackBox,
  viewOf,
} from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { readPublicFeature } from "@/core/formats";
import { blobStore } from "@/lib/storage";
import { boxLeaderboard } from "@/lib/submissions/queries";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";
import { drainJobs } from "../support/worker";

const SPEC = {
  generator: {
    events: 1200,
    background: { variant: "pythia" },
    signals: [{ model: "resonance-xy", n: 12, mass: 3823, mX: 732, mY: 378 }],
  },
  seed: 11,
};
const ref = { challengeSlug: "spectra", boxSlug: "bb" };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.each(testDatabases())("the box's data summary on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let participant: Actor;
  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    participant = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "spectra", title: "Spectra", status: "published" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("is computed by the build from the public file, and shown with the file only", async () => {
    await createBlackBox(h.db, org, "spectra", { slug: "bb", title: "BB", spec: SPEC });
    await requestBuild(h.db, org, "spectra", "bb");
    await drainJobs(h.db);
    const { box, view } = await getBlackBox(h.db, org, "spectra", "bb");
    const s = view.dataSummary;
    expect(s?.events).toBe(1200);
    // Every feature's histogram accounts for every event; the mass is the scoring config's (mjj).
    const names = [s!.mass!, ...s!.features].map((f) => f.name);
    expect(names.sort()).toEqual([...(view.featureNames ?? [])].sort());
    for (const f of [s!.mass!, ...s!.features])
      expect(sum(f.counts) + f.underflow + f.overflow + f.missing, f.name).toBe(1200);
    expect(s!.mass).toMatchObject({ name: "mjj", unit: "GeV" });
    expect(s!.mass!.counts).toHaveLength(MASS_BINS.bins);
    expect(s!.features.every((f) => f.counts.length === FEATURE_BINS.bins)).toBe(true);
    // The same numbers as the published file's own mjj column (float32, as downloaded).
    const mjj = await readPublicFeature(blobStore().read(box.publicBlob!), "public.h5", "mjj");
    expect(s!.mass).toEqual(featureHistogram("mjj", "GeV", mjj.values, MASS_BINS.bins, MASS_BINS.q));

    // A draft's data is the organizer's: nobody else gets the box, nor its summary in any view.
    for (const who of [null, participant]) {
      expect(await codeOf(getBlackBox(h.db, who, "spectra", "bb"))).toBe("not_found");
      expect((await listBlackBoxes(h.db, who, "spectra")).map((b) => b.slug)).not.toContain("bb");
    }
    expect(viewOf(box, false).dataSummary).toBeNull();
    expect(viewOf(box, false).publicFile).toBeNull();

    await transitionBlackBox(h.db, org, ref, "open");
    const anonymous = (await getBlackBox(h.db, null, "spectra", "bb")).view;
    expect(anonymous.dataSummary).toEqual(s);
    expect((await listBlackBoxes(h.db, null, "spectra"))[0]?.dataSummary).toEqual(s);
    // The leaderboard's box carries no histograms.
    expect((await boxLeaderboard(h.db, null, ref, "scores")).box).not.toHaveProperty("dataSummary");
  });

  it("is null for a box built before the summary existed", async () => {
    const { box } = await getBlackBox(h.db, org, "spectra", "bb");
    expect(viewOf({ ...box, dataSummary: null }, false).dataSummary).toBeNull();
  });
});
