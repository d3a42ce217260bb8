import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEvents } from "@/blackboxes/generator/generate";
import { parseGeneratorSpec } from "@/blackboxes/generator/spec";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";

// Issue 15 §2: bb1 had 1 000 834 events = 10⁶ background + 834 signal (bb3 1 003 200): the event
// count alone gave N_sig away. Now a spec sets the total and signal events replace background ones.
const load = (slug: string) =>
  JSON.parse(fs.readFileSync(path.join(process.cwd(), "blackboxes", `${slug}.json`), "utf8"));

/** What a box built from `generator` holds, event by event: background plus every signal. */
function totalOf(generator: unknown): number {
  const g = parseGeneratorSpec(generator);
  return g.background.n + g.signals.reduce((t, s) => t + s.n, 0);
}

describe("truth sealing: the event count carries no N_sig", () => {
  it("the built-in blind boxes hold exactly one million events each, signal or not", () => {
    const counts = ["bb1", "bb2", "bb3"].map((s) => totalOf(load(s).generator));
    expect(counts).toEqual([1_000_000, 1_000_000, 1_000_000]);
  });

  it("signal events replace background ones: a generated box has the spec's total", () => {
    for (const nSig of [0, 37, 400]) {
      const g = generateEvents(
        {
          events: 2000,
          background: {},
          signals: nSig ? [{ model: "resonance-dijet", n: nSig, mass: 4000 }] : [],
        },
        1,
      );
      expect(g.labels.length).toBe(2000);
      expect(g.labels.filter((l) => l === 0).length).toBe(2000 - nSig);
    }
  });
});

describe.each(testDatabases())("truth sealing: organizer specs on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    await createChallenge(h.db, org, { slug: "count", title: "Count", status: "published" });
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await h.close();
  });

  it("refuses a spec whose event count would be background.n + N_sig, naming the field", async () => {
    const spec = {
      generator: {
        background: { n: 1000 },
        signals: [{ model: "resonance-xy", n: 34, mass: 3500, mX: 500, mY: 100 }],
      },
    };
    await expect(
      createBlackBox(h.db, org, "count", { slug: "leaky", title: "Leaky", spec }),
    ).rejects.toMatchObject({
      code: "validation",
      details: { fields: [{ field: "spec.generator.events" }] },
    });
    await expect(
      createBlackBox(h.db, org, "count", {
        slug: "few",
        title: "Few",
        spec: { generator: { ...spec.generator, background: {}, events: 20 } },
      }),
    ).rejects.toMatchObject({ code: "validation", message: expect.stringContaining("events") });
    const ok = await createBlackBox(h.db, org, "count", {
      slug: "sealed",
      title: "Sealed",
      spec: { generator: { ...spec.generator, background: {}, events: 1000 } },
    });
    expect(ok.truth?.spec).toMatchObject({ generator: { events: 1000, background: { n: 966 } } });
  });
});
