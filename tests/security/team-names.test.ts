import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import { teams } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { createInvite, createTeam, getTeam, joinTeam, renameTeam } from "@/lib/teams";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";

// Attack (issue 15 §15): a second team registers a name that reads like an existing team's —
// "Bump  Hunters" (two spaces), "Bump Нunters" (Cyrillic Н), full-width letters — and the
// leaderboard shows two "Bump Hunters".

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

const IMPOSTORS = [
  "Bump  Hunters", // two spaces
  "bump hunters", // case
  "Bump \u041dunters", // Cyrillic capital En
  "\u0412ump Hunters", // Cyrillic capital Ve
  "Bump Hunt\u0435rs", // Cyrillic small ie
  "bump \u043dunters", // Cyrillic small en
  "\uff22\uff35\uff2d\uff30 Hunters", // full-width BUMP
  "Bump\u00a0Hunters", // no-break space
];

describe.each(testDatabases())("team names that impersonate another team on $name", ({ open }) => {
  let h: DbHandle;
  const users: Actor[] = [];
  let challengeId: string;

  beforeAll(async () => {
    h = await open();
    const org = await makeUser(h.db, "organizer");
    for (let i = 0; i < 4; i++) users.push(await makeUser(h.db));
    challengeId = (
      await createChallenge(h.db, org, { slug: "sec-names", title: "Names", status: "published" })
    ).id;
    await createTeam(h.db, users[0]!, "sec-names", { name: "Bump Hunters" });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(IMPOSTORS)("refuses %j, naming the team it imitates", async (name) => {
    const e = await refusal(createTeam(h.db, users[1]!, "sec-names", { name }));
    expect(e.code).toBe("conflict");
    expect(e.message).toContain('"Bump Hunters"');
    expect(e.details?.fields).toEqual([expect.objectContaining({ field: "name" })]);
  });

  it("refuses a rename into a look-alike, allows renaming a team to a variant of its own name", async () => {
    const t = await createTeam(h.db, users[1]!, "sec-names", { name: "Dijet   Diggers" });
    expect(t.name).toBe("Dijet Diggers"); // stored normalized
    const e = await refusal(renameTeam(h.db, users[1]!, t.id, { name: "Bump Hunt\u0435rs" }));
    expect(e.message).toContain('"Bump Hunters"');
    expect((await renameTeam(h.db, users[1]!, t.id, { name: "DIJET diggers" })).name).toBe("DIJET diggers");
  });

  it("keeps teams whose names clashed before the check working", async () => {
    // As if created before names were compared: two teams that read alike.
    const [old] = await h.db
      .insert(teams)
      .values({ challengeId, name: "Old \u0422eam", createdBy: users[2]!.id })
      .returning();
    await h.db.insert(teams).values({ challengeId, name: "Old Team", createdBy: users[2]!.id });
    const { token } = await createInviteAsFounder(h, old!.id, users[2]!, challengeId);
    const joined = await joinTeam(h.db, users[3]!, token);
    expect(joined.name).toBe("Old \u0422eam");
    expect((await getTeam(h.db, old!.id)).members.map((m) => m.userId)).toContain(users[3]!.id);
  });
});

/** Make `founder` a member of a team inserted by hand, then create an invite as them. */
async function createInviteAsFounder(h: DbHandle, teamId: string, founder: Actor, challengeId: string) {
  const { teamMembers } = await import("@/lib/db/schema");
  await h.db.insert(teamMembers).values({ teamId, challengeId, userId: founder.id });
  return createInvite(h.db, founder, teamId);
}
