import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { boxEvents } from "@/lib/submissions/boxdata";
import { warmUpScorer } from "@/lib/jobs/warmup";
import { openSmallBox } from "../support/boxes";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";

describe.each(testDatabases())("worker warm-up on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    await createChallenge(h.db, org, { slug: "warm", title: "Warm", status: "published" });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it("compiles the discovery metric and loads the columns of the open boxes into the scoring cache", async () => {
    const { box } = await openSmallBox(h.db, org, "warm", "rnd");
    const lines: string[] = [];
    await warmUpScorer((m) => lines.push(m), h.db);
    expect(lines[0]).toMatch(
      /^scorer warmed up in \d+\.\d\d s \(3 of 3 cuts fitted and scanned with toys\)$/,
    );
    expect(lines[1]).toBe("loaded the columns of 1 open box(es)");
    const events = await boxEvents(box, { massFeature: "mjj", preselection: null });
    expect([events.eventIds.length, events.mass.length]).toEqual([box.eventCount, box.eventCount]);
  }, 120_000);
});
