import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { blackBoxes, submissions } from "@/lib/db/schema";
import { isAppError } from "@/lib/errors";
import { getBoxForUpload } from "@/lib/submissions/box-ref";
import { submissionSettings } from "@/lib/submissions/config";
import { createSubmission } from "@/lib/submissions/create";
import { createTeam } from "@/lib/teams";
import { openSmallBox } from "../support/boxes";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";

const generator = { events: 1000, background: {}, signals: [] };

/** The error a promise rejects with (an AppError's code and details), or "resolved". */
async function failure(p: Promise<unknown>) {
  try {
    await p;
    return "resolved";
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { code: e.code, message: e.message, details: e.details };
  }
}

describe.each(testDatabases())("stored JSON at the database boundary on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let alice: Actor;
  const ref = { challengeSlug: "json", boxSlug: "bb1" };
  beforeAll(async () => {
    h = await open();
    org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "json", title: "JSON", status: "published" });
    await createTeam(h.db, alice, "json", { name: "Alices" });
    await openSmallBox(h.db, org, "json", "bb1", { quotas: { submissionsPerDay: 4, submissionsTotal: 9 } });
  }, 120_000);
  afterAll(async () => {
    await h.close();
  });

  it("refuses a scoring config or quotas the scorer could not read, naming each field, and stores nothing", async () => {
    const made = (slug: string, extra: object) =>
      failure(createBlackBox(h.db, org, "json", { slug, title: "Bad", spec: { generator }, ...extra }));
    expect(
      await made("bad-types", { scoringConfig: { topK: "many" }, quotas: { submissionsPerDay: -1 } }),
    ).toMatchObject({
      code: "validation",
      message: expect.stringMatching(/^Invalid input — scoringConfig\.topK: .*; quotas\.submissionsPerDay: /),
      details: { fields: [{ field: "scoringConfig.topK" }, { field: "quotas.submissionsPerDay" }] },
    });
    expect(
      await made("bad-bins", { scoringConfig: { bins: { min: 3000, max: 2000, n: 10 } } }),
    ).toMatchObject({
      code: "validation",
      details: {
        fields: expect.arrayContaining([
          { field: "scoringConfig.bins.max", message: "must exceed bins.min (3000)" },
        ]),
      },
    });
    const rows = await h.db.select({ slug: blackBoxes.slug }).from(blackBoxes);
    expect(rows.map((r) => r.slug)).toEqual(["bb1"]);
  });

  it("stores the config as given and the spec parsed: defaults are the reader's", async () => {
    await createBlackBox(h.db, org, "json", {
      slug: "as-given",
      title: "As given",
      spec: { generator, seed: 5 },
      scoringConfig: { npe: 50, notes: "kept" },
    });
    const [row] = await h.db.select().from(blackBoxes).where(eq(blackBoxes.slug, "as-given"));
    expect(row?.scoringConfig).toEqual({ npe: 50, notes: "kept" });
    expect(row?.quotas).toBeNull();
    expect(row?.spec).toEqual({
      generator: { events: 1000, background: { n: 1000, variant: "pythia" }, signals: [] },
      seed: 5,
    });
  });

  it("a box loaded for an upload carries its parsed submission settings", async () => {
    const target = await getBoxForUpload(h.db, alice, ref);
    expect(target.box.slug).toBe("bb1");
    expect(target.settings).toEqual(submissionSettings(target.box));
    expect(target.settings.quotas).toEqual({ perDay: 4, total: 9 });
    const short = await getBoxForUpload(h.db, alice, { boxSlug: "bb1" });
    expect(short.settings).toEqual(target.settings);
  });

  it("an upload given the loaded box uses its settings (no second lookup), and stores the parsed claim", async () => {
    const target = await getBoxForUpload(h.db, alice, ref);
    const claim = { signalPresent: true, mass: 3500, massUncertainty: 80, description: "  a bump  " };
    const none = { ...target, settings: { ...target.settings, quotas: { perDay: 0, total: 9 } } };
    expect(await codeOf(createSubmission(h.db, alice, none, { kind: "claim", claim }))).toBe(
      "quota:exceeded",
    );
    const { submission } = await createSubmission(h.db, alice, target, { kind: "claim", claim });
    const [row] = await h.db.select().from(submissions).where(eq(submissions.id, submission.id));
    expect(row?.claim).toEqual({ ...claim, description: "a bump" });
  });
});
