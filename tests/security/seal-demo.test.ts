import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { parseGeneratorSpec, type SignalSpec } from "@/blackboxes/generator/spec";
import { builtinBoxes, scaledGenerator } from "@/lib/blackboxes/builtin";
import { createChallenge, getChallenge } from "@/lib/challenges";
import { blackBoxes, jobs } from "@/lib/db/schema";
import { DEMO_CHALLENGE_SLUG, ensureDemoBoxes, ensureDemoChallenge } from "@/lib/demo/seed";
import { env } from "@/lib/env";
import { testDatabases, useAppDatabase } from "../support/db";
import { makeUser } from "../support/fixtures";

// Issue 15 §3: the demo's public description stated bb1's and bb3's injected parameters ("834
// events of a 3823 GeV W′ → X(732 GeV) Y(378 GeV)"), and the boxes were the 2020 answers anyway.

type Spec = {
  generator: { events: number; background: { n: number }; signals: SignalSpec[] };
  seed: unknown;
};

describe.each(testDatabases())("truth sealing: the demo's blind boxes on $name", ({ open }) => {
  const h = useAppDatabase(open);

  async function demoSpecs(challengeId: string) {
    await ensureDemoBoxes(h.db, challengeId);
    await h.db.delete(jobs); // the builds themselves are not what is tested here
    const rows = await h.db.select().from(blackBoxes).where(eq(blackBoxes.challengeId, challengeId));
    return new Map(rows.map((r) => [r.slug, { ...r, spec: r.spec as Spec }]));
  }

  it("no public text of the demo states an injected parameter of a blind box", async () => {
    const id = await ensureDemoChallenge(h.db);
    const boxes = await demoSpecs(id);
    const challenge = await getChallenge(h.db, null, DEMO_CHALLENGE_SLUG);
    // The challenge's texts are public; each blind box's title and description once it opens. (The
    // practice box's text states its own, public, parameters.)
    const blind = [...boxes.values()].filter((b) => b.mode === "blind");
    const text = [
      challenge.title,
      challenge.summary,
      challenge.description,
      ...blind.flatMap((b) => [b.title, b.description]),
    ]
      .join("\n")
      .replaceAll(/(\d)[\s,\u202f\u00a0](?=\d{3}(\D|$))/g, "$1");
    // Only fixed numbers — the 2020 story, √s, box numbers, the configured size — never a drawn one:
    // the texts do not depend on the draw at all.
    const fixed = new Set([2020, 13, 1, 2, 3, env().ARENA_DEMO_EVENTS]);
    const numbers = [...text.matchAll(/\d+/g)].map((m) => Number(m[0]));
    expect(numbers.filter((v) => !fixed.has(v))).toEqual([]);
    for (const b of blind)
      for (const s of b.spec.generator.signals)
        for (const v of [s.mass, s.n, "mX" in s ? s.mX : 0, "mY" in s ? s.mY : 0, "mR" in s ? s.mR : 0])
          if (v && !fixed.has(v))
            expect(text, `${b.slug}: ${v}`).not.toMatch(new RegExp(`(^|[^\\d.])${v}(\\D|$)`));
  });

  it("the blind boxes are drawn at first start — not the 2020 answers, different every time — with the configured total", async () => {
    const org = await makeUser(h.db, "organizer");
    const again = await createChallenge(h.db, org, {
      slug: "demo-again",
      title: "Again",
      status: "published",
    });
    const a = await demoSpecs((await getChallenge(h.db, null, DEMO_CHALLENGE_SLUG)).id);
    const b = await demoSpecs(again.id);
    // The injected values, in a fixed order (key order in the stored JSON is not the point).
    const values = (signals: SignalSpec[] | undefined) =>
      JSON.stringify(
        (signals ?? []).map((x) => [x.model, x.mass, x.n, "mX" in x ? [x.mX, x.mY] : [x.mode, x.mR]]),
      );
    const params = (m: typeof a, slug: string) => values(m.get(slug)?.spec.generator.signals);
    for (const slug of ["bb1", "bb3"]) expect(params(a, slug), slug).not.toBe(params(b, slug));
    // Not the 2020 answers (the built-in specs, scaled as the demo scales them).
    const events = env().ARENA_DEMO_EVENTS;
    for (const box of builtinBoxes().filter((x) => x.slug === "bb1" || x.slug === "bb3")) {
      const answer = parseGeneratorSpec(scaledGenerator(box, events)).signals;
      expect(params(a, box.slug), box.slug).not.toBe(values(answer));
    }
    const bb1 = a.get("bb1")!.spec.generator.signals[0] as SignalSpec;
    expect(bb1.mass).toBeGreaterThanOrEqual(3000);
    expect(bb1.mass).toBeLessThanOrEqual(5500);
    for (const m of [a, b])
      for (const box of m.values()) {
        const g = box.spec.generator;
        expect(g.events, box.slug).toBe(events);
        expect(g.background.n + g.signals.reduce((t, s) => t + s.n, 0), box.slug).toBe(events);
      }
  });
});
