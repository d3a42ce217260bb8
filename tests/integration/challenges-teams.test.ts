import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditEntries } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import {
  addOrganizer,
  createChallenge,
  getChallenge,
  listChallenges,
  removeOrganizer,
  updateChallenge,
} from "@/lib/challenges";
import type { DbHandle } from "@/lib/db/client";
import {
  createInvite,
  createTeam,
  findMyTeam,
  getTeam,
  getTeamFor,
  joinTeam,
  leaveTeam,
  listTeams,
  renameTeam,
} from "@/lib/teams";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";

describe.each(testDatabases())("challenges, organizers, teams on $name", ({ open }) => {
  let h: DbHandle;
  let admin: Actor;
  let org: Actor;
  let org2: Actor;
  let p: Actor[];

  beforeAll(async () => {
    h = await open();
    admin = await makeUser(h.db, "admin");
    org = await makeUser(h.db, "organizer");
    org2 = await makeUser(h.db, "organizer");
    p = [];
    for (let i = 0; i < 5; i++) p.push(await makeUser(h.db, "participant", `Player ${i}`));
  });
  afterAll(async () => {
    await h.close();
  });

  it("lets organizers and admins create challenges, not participants", async () => {
    expect(await codeOf(createChallenge(h.db, p[0]!, { slug: "nope", title: "Nope" }))).toBe(
      "auth:forbidden",
    );
    expect(await codeOf(createChallenge(h.db, null, { slug: "nope", title: "Nope" }))).toBe(
      "auth:unauthenticated",
    );
    const c = await createChallenge(h.db, org, {
      slug: "bb-2026",
      title: "Black boxes 2026",
      maxTeamSize: 3,
    });
    expect(c.status).toBe("draft");
    expect(await codeOf(createChallenge(h.db, admin, { slug: "bb-2026", title: "Again" }))).toBe("conflict");
    await createChallenge(h.db, admin, { slug: "admin-made", title: "Admin made", status: "published" });
  });

  it("hides drafts from everyone but their organizers and admins", async () => {
    expect(await codeOf(getChallenge(h.db, p[0]!, "bb-2026"))).toBe("not_found");
    expect(await codeOf(getChallenge(h.db, null, "bb-2026"))).toBe("not_found");
    expect(await codeOf(getChallenge(h.db, org2, "bb-2026"))).toBe("not_found");
    expect((await getChallenge(h.db, org, "bb-2026")).slug).toBe("bb-2026");
    expect((await getChallenge(h.db, admin, "bb-2026")).slug).toBe("bb-2026");
    const anon = (await listChallenges(h.db, null)).map((c) => c.slug);
    expect(anon).toContain("admin-made");
    expect(anon).not.toContain("bb-2026");
    expect((await listChallenges(h.db, org)).map((c) => c.slug)).toContain("bb-2026");
  });

  it("lets only organizers edit, validates dates, and audits every organizer action", async () => {
    expect(await codeOf(updateChallenge(h.db, org2, "admin-made", { title: "Mine now" }))).toBe(
      "auth:forbidden",
    );
    await updateChallenge(h.db, org, "bb-2026", { status: "published", summary: "Find the bump" });
    const bad = await codeOf(
      updateChallenge(h.db, org, "bb-2026", { startsAt: "2027-01-02", endsAt: "2027-01-01" }),
    );
    expect(bad).toBe("validation");
    expect(await codeOf(updateChallenge(h.db, org, "bb-2026", { maxTeamSize: "zero" }))).toBe("validation");
    await addOrganizer(h.db, org, "bb-2026", { email: org2.email });
    expect(await codeOf(addOrganizer(h.db, org, "bb-2026", { email: "ghost@nowhere.org" }))).toBe(
      "validation",
    );
    // org2 is now an organizer and may edit.
    await updateChallenge(h.db, org2, "bb-2026", { description: "Edited by the second organizer" });
    await removeOrganizer(h.db, org2, "bb-2026", org.id);
    expect(await codeOf(removeOrganizer(h.db, org2, "bb-2026", org2.id))).toBe("conflict"); // last one stays
    expect(await codeOf(updateChallenge(h.db, org, "bb-2026", { title: "Gone" }))).toBe("auth:forbidden");
    const c = await getChallenge(h.db, org2, "bb-2026");
    const log = await listAuditEntries(h.db, c.id);
    expect(log.map((e) => e.action).reverse()).toEqual([
      "challenge.create",
      "challenge.update",
      "organizer.add",
      "challenge.update",
      "organizer.remove",
    ]);
    expect(log[0]?.actorEmail).toBe(org2.email);
    expect(log.at(-2)?.details).toEqual({ changed: ["status", "summary"] });
  });

  it("reads the forms' zone-less dates as UTC, whatever the server's time zone", async () => {
    const tz = process.env.TZ;
    process.env.TZ = "America/Chicago";
    try {
      const c = await updateChallenge(h.db, admin, "admin-made", {
        startsAt: "2027-03-01T12:00",
        endsAt: "",
      });
      expect(c.startsAt?.toISOString()).toBe("2027-03-01T12:00:00.000Z");
      expect(c.endsAt).toBeNull();
      const z = await updateChallenge(h.db, admin, "admin-made", { startsAt: "2027-03-01T12:00:00+02:00" });
      expect(z.startsAt?.toISOString()).toBe("2027-03-01T10:00:00.000Z");
      expect(await codeOf(updateChallenge(h.db, admin, "admin-made", { endsAt: "next tuesday" }))).toBe(
        "validation",
      );
    } finally {
      process.env.TZ = tz;
    }
  });

  it("keeps each user in at most one team per challenge", async () => {
    const t = await createTeam(h.db, p[0]!, "bb-2026", { name: "Bump Hunters" });
    expect(await codeOf(createTeam(h.db, p[0]!, "bb-2026", { name: "Second team" }))).toBe(
      "team:already_member",
    );
    expect(await codeOf(createTeam(h.db, p[1]!, "bb-2026", { name: "bump hunters" }))).toBe("conflict");
    expect(await codeOf(createTeam(h.db, p[1]!, "bb-2026", { name: "x" }))).toBe("validation");
    // A different challenge is a different competition: the same user may have a team there.
    await createTeam(h.db, p[0]!, "admin-made", { name: "Bump Hunters" });
    expect((await findMyTeam(h.db, p[0]!, t.challengeId))?.id).toBe(t.id);
  });

  it("joins by invite link up to the team size, and refuses a second team", async () => {
    const c = await getChallenge(h.db, org2, "bb-2026"); // maxTeamSize 3
    const team = (await findMyTeam(h.db, p[0]!, c.id))!;
    expect(await codeOf(createInvite(h.db, p[1]!, team.id))).toBe("auth:forbidden");
    const { token } = await createInvite(h.db, p[0]!, team.id);
    await joinTeam(h.db, p[1]!, token);
    await joinTeam(h.db, p[2]!, token);
    expect(await codeOf(joinTeam(h.db, p[3]!, token))).toBe("conflict"); // full
    expect(await codeOf(joinTeam(h.db, p[1]!, token))).toBe("team:already_member");
    expect(await codeOf(joinTeam(h.db, p[3]!, "forged-token"))).toBe("team:invite_invalid");
    const other = await createTeam(h.db, p[4]!, "bb-2026", { name: "Others" });
    const otherInvite = await createInvite(h.db, p[4]!, other.id);
    expect(await codeOf(joinTeam(h.db, p[2]!, otherInvite.token))).toBe("team:already_member");
    const view = await getTeam(h.db, team.id);
    expect(view.members.map((m) => m.name)).toEqual(["Player 0", "Player 1", "Player 2"]);
    // Outsiders see names, not emails.
    const outsiderView = await getTeamFor(h.db, p[4]!, team.id);
    expect(outsiderView.members.every((m) => m.email === "")).toBe(true);
    expect((await getTeamFor(h.db, org2, team.id)).members[0]?.email).toBe(p[0]!.email);
  });

  it("renames (members only) and deletes a team when its last member leaves", async () => {
    const c = await getChallenge(h.db, org2, "bb-2026");
    const team = (await findMyTeam(h.db, p[0]!, c.id))!;
    expect(await codeOf(renameTeam(h.db, p[4]!, team.id, { name: "Hijacked" }))).toBe("auth:forbidden");
    expect(await codeOf(renameTeam(h.db, p[1]!, team.id, { name: "Others" }))).toBe("conflict");
    expect((await renameTeam(h.db, p[1]!, team.id, { name: "Sideband Squad" })).name).toBe("Sideband Squad");
    expect(await leaveTeam(h.db, p[0]!, team.id)).toEqual({ teamDeleted: false, teamArchived: false });
    expect(await codeOf(leaveTeam(h.db, p[0]!, team.id))).toBe("auth:forbidden");
    await leaveTeam(h.db, p[1]!, team.id);
    expect(await leaveTeam(h.db, p[2]!, team.id)).toEqual({ teamDeleted: true, teamArchived: false });
    expect((await listTeams(h.db, c.id)).map((t) => t.name)).toEqual(["Others"]);
    // Free again: p[0] can start a new team.
    await createTeam(h.db, p[0]!, "bb-2026", { name: "Fresh start" });
  });

  it("freezes teams once the challenge is archived", async () => {
    const c = await getChallenge(h.db, admin, "admin-made");
    const team = (await findMyTeam(h.db, p[0]!, c.id))!;
    const { token } = await createInvite(h.db, p[0]!, team.id);
    await updateChallenge(h.db, admin, "admin-made", { status: "archived" });
    try {
      expect(await codeOf(renameTeam(h.db, p[0]!, team.id, { name: "Too late" }))).toBe("auth:forbidden");
      expect(await codeOf(leaveTeam(h.db, p[0]!, team.id))).toBe("auth:forbidden");
      expect(await codeOf(createInvite(h.db, p[0]!, team.id))).toBe("auth:forbidden");
      expect(await codeOf(joinTeam(h.db, p[1]!, token))).toBe("team:invite_invalid");
      expect(await codeOf(createTeam(h.db, p[1]!, "admin-made", { name: "Latecomers" }))).toBe(
        "auth:forbidden",
      );
    } finally {
      await updateChallenge(h.db, admin, "admin-made", { status: "published" });
    }
    expect((await joinTeam(h.db, p[1]!, token)).members).toHaveLength(2);
  });

  it("refuses teams in a draft challenge, and hides teams of a challenge sent back to draft", async () => {
    await createChallenge(h.db, org, { slug: "still-draft", title: "Still a draft" });
    expect(await codeOf(createTeam(h.db, org, "still-draft", { name: "Early birds" }))).toBe(
      "auth:forbidden",
    );
    expect(await codeOf(createTeam(h.db, p[3]!, "still-draft", { name: "Early birds" }))).toBe("not_found");
    // A team formed while published, then the challenge goes back to draft: hidden from outsiders.
    await updateChallenge(h.db, org, "still-draft", { status: "published" });
    const t = await createTeam(h.db, p[3]!, "still-draft", { name: "Early birds" });
    await updateChallenge(h.db, org, "still-draft", { status: "draft" });
    expect(await codeOf(getTeamFor(h.db, p[4]!, t.id))).toBe("not_found");
    expect(await codeOf(getTeamFor(h.db, null, t.id))).toBe("not_found");
    expect(await codeOf(renameTeam(h.db, p[4]!, t.id, { name: "Probe" }))).toBe("not_found");
    expect(await codeOf(renameTeam(h.db, p[3]!, t.id, { name: "Still drafting" }))).toBe("auth:forbidden");
    expect((await getTeamFor(h.db, p[3]!, t.id)).name).toBe("Early birds");
    expect((await getTeamFor(h.db, org, t.id)).members[0]?.email).toBe(p[3]!.email);
  });
});
