import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { submissions, teams } from "@/lib/db/schema";
import { createSubmission } from "@/lib/submissions/create";
import { boxLeaderboard, getSubmission } from "@/lib/submissions/queries";
import { createInvite, createTeam, joinTeam, leaveTeam } from "@/lib/teams";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";
import { insertBuiltBox, syntheticMjj } from "../support/uploads";
import { drainJobs } from "../support/worker";

// Attack (issue 15 §16): a team uses its day's quota, its last member leaves — the team and its
// submissions were cascade-deleted (the organizer got 404, the audit log said nothing) — and a new
// team made by the same person submits again with a fresh quota.

const N = 1000;
const claim = { signalPresent: true, mass: 3500, massUncertainty: 100, nSignal: 50, nSignalUncertainty: 10 };
const ref = { challengeSlug: "sec-history", boxSlug: "bb" };

describe.each(testDatabases())("leaving a team keeps its history and its quota on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let alice: Actor;
  let bob: Actor;

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    bob = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "sec-history", title: "History", status: "published" });
    await insertBuiltBox(h.db, org, "sec-history", {
      slug: "bb",
      mode: "blind",
      eventIds: BigInt64Array.from({ length: N }, (_, i) => BigInt(i)),
      mjj: syntheticMjj(N, 5),
      labels: new Int8Array(N),
      scoringConfig: { bins: { min: 1500, max: 5100, n: 24 }, npe: 20, cutEfficiencies: [1] },
      quotas: { submissionsPerDay: 2, submissionsTotal: 10 },
    });
    await drainJobs(h.db);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await h.close();
  });

  it("archives the team, keeps its submissions and leaderboard row, and carries the used quota along", async () => {
    const solo = await createTeam(h.db, alice, "sec-history", { name: "Solo" });
    const ids: string[] = [];
    for (const method of ["first", "second"])
      ids.push((await createSubmission(h.db, alice, ref, { kind: "claim", claim, method })).submission.id);
    expect(await codeOf(createSubmission(h.db, alice, ref, { kind: "claim", claim }))).toBe("quota:exceeded");
    await drainJobs(h.db);
    const board = async () =>
      (await boxLeaderboard(h.db, null, ref, "claim")).rows.filter((r) => r.team?.id === solo.id);
    expect(await board()).toHaveLength(1);

    const invite = await createInvite(h.db, alice, solo.id);
    expect(await leaveTeam(h.db, alice, solo.id)).toEqual({ teamDeleted: false, teamArchived: true });
    // An archived team takes no new members: its invite links stop working.
    expect(await codeOf(joinTeam(h.db, bob, invite.token))).toBe("team:invite_invalid");

    // The history stays: the team row (archived), both submissions, the organizer's view, the board.
    const [row] = await h.db.select().from(teams).where(eq(teams.id, solo.id));
    expect(row?.archivedAt).toBeInstanceOf(Date);
    const kept = await h.db.select().from(submissions).where(eq(submissions.teamId, solo.id));
    expect(kept.map((s) => s.id).sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await getSubmission(h.db, org, id)).submission.id).toBe(id);
    expect(await board()).toHaveLength(1);

    // A new team of the same person starts with the day's quota already used.
    const again = await createTeam(h.db, alice, "sec-history", { name: "Solo Again" });
    expect(await codeOf(createSubmission(h.db, alice, ref, { kind: "claim", claim }))).toBe("quota:exceeded");
    // … and so does any team she joins that day: her uploads count against it too.
    await leaveTeam(h.db, alice, again.id);
    const bobs = await createTeam(h.db, bob, "sec-history", { name: "Bobs" });
    await joinTeam(h.db, alice, (await createInvite(h.db, bob, bobs.id)).token);
    expect(await codeOf(createSubmission(h.db, bob, ref, { kind: "claim", claim }))).toBe("quota:exceeded");
  });

  it("audits every team change: create, join, leave, archive, delete", async () => {
    const actions = (await listAuditEntries(h.db, (await teamChallengeId(h))!)).map((e) => e.action);
    for (const a of ["team.create", "team.join", "team.leave", "team.archive", "team.delete"])
      expect(actions).toContain(a);
  });
});

async function teamChallengeId(h: DbHandle): Promise<string | undefined> {
  const [t] = await h.db.select({ c: teams.challengeId }).from(teams).limit(1);
  return t?.c;
}
