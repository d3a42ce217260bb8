import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import { blackBoxes } from "@/lib/db/schema";
import { testDatabases, useAppDatabase } from "../support/db";
import { makeUser } from "../support/fixtures";

vi.mock("server-only", () => ({}));
const { challengeMethods } = await import("@/lib/methods");

const SPEC = { generator: { events: 1010, background: { variant: "pythia" } }, seed: 7 };

describe.each(testDatabases())("a challenge's methods page data on $name", ({ open }) => {
  const h = useAppDatabase(open);
  let org: Actor;

  beforeAll(async () => {
    org = await makeUser(h.db, "organizer");
    await createChallenge(h.db, org, { slug: "methods", title: "Methods", status: "published" });
    await createBlackBox(h.db, org, "methods", {
      slug: "shown",
      title: "Shown",
      spec: SPEC,
      scoringConfig: {
        bins: { min: 3000, max: 7000, n: 40 },
        preselection: { maxDeltaEta: 1.3 },
        widthMax: 7,
        searchP: 1e-4,
        npe: 2000,
      },
    });
    await createBlackBox(h.db, org, "methods", {
      slug: "nomass",
      title: "No mass",
      spec: SPEC,
      scoringConfig: { massFeature: null },
    });
    await createBlackBox(h.db, org, "methods", { slug: "draft", title: "Draft", spec: SPEC });
    await h.db.update(blackBoxes).set({ status: "open" }).where(eq(blackBoxes.slug, "shown"));
    await h.db.update(blackBoxes).set({ status: "open" }).where(eq(blackBoxes.slug, "nomass"));
  });

  it("gives every box a visitor can see its settings, with the scorer's defaults filled in", async () => {
    const boxes = await challengeMethods(h.db, null, "methods");
    expect(boxes.map((b) => b.slug)).toEqual(["shown", "nomass"]); // no draft for a visitor
    const shown = boxes[0]!;
    expect(shown.discovery).toEqual({
      massFeature: "mjj",
      preselection: "|Δη| < 1.3",
      range: [3000, 7000],
      bins: 40,
      widths: [2, 7],
      cutEfficiencies: [1, 0.1, 0.01, 0.001],
      npe: 2000,
      orders: [3, 6],
      alphaOrder: 0.05,
      searchP: 1e-4,
      alphaGof: 0.01,
      maxPull: 4,
    });
    expect(shown.primaryMetric).toBe("maxSic");
    expect(boxes[1]!.discovery).toBeNull();
    expect(boxes[1]!.primaryMetric).toBe("tprAt1e5");
    // Nothing of the stored row beyond the settings: no seed, no spec, no truth.
    expect(Object.keys(shown).sort()).toEqual(["discovery", "mode", "primaryMetric", "slug", "title"]);
  });

  it("shows the organizer the drafts too", async () => {
    expect((await challengeMethods(h.db, org, "methods")).map((b) => b.slug)).toEqual([
      "shown",
      "nomass",
      "draft",
    ]);
  });
});
