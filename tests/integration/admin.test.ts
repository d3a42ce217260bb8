import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listUsers, setUserRole } from "@/lib/admin";
import { listAuditEntries } from "@/lib/audit";
import type { DbHandle } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { testDatabases } from "../support/db";
import { codeOf, makeUser } from "../support/fixtures";

describe.each(testDatabases())("user roles on $name", ({ open }) => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await open();
  });
  afterAll(async () => {
    await h.close();
  });

  it("lets admins change roles, audited site-wide; nobody else", async () => {
    const admin = await makeUser(h.db, "admin");
    const org = await makeUser(h.db, "organizer");
    const p = await makeUser(h.db);
    expect(await codeOf(setUserRole(h.db, org, p.id, { role: "organizer" }))).toBe("auth:forbidden");
    expect(await codeOf(listUsers(h.db, p))).toBe("auth:forbidden");
    expect((await setUserRole(h.db, admin, p.id, { role: "organizer" })).role).toBe("organizer");
    await setUserRole(h.db, admin, p.id, { role: "organizer" }); // no change, no audit line
    const site = await listAuditEntries(h.db, null);
    expect(site.map((e) => [e.action, e.targetId, e.details])).toEqual([
      ["user.role", p.id, { from: "participant", to: "organizer" }],
    ]);
    expect(await codeOf(setUserRole(h.db, admin, admin.id, { role: "participant" }))).toBe("conflict");
  });

  it("never leaves the site without an admin, even when two admins demote each other at once", async () => {
    await h.db.update(users).set({ role: "participant" }).where(eq(users.role, "admin"));
    const a = await makeUser(h.db, "admin");
    const b = await makeUser(h.db, "admin");
    const codes = await Promise.all([
      codeOf(setUserRole(h.db, a, b.id, { role: "participant" })),
      codeOf(setUserRole(h.db, b, a.id, { role: "participant" })),
    ]);
    expect(codes.sort()).toEqual(["conflict", "ok"]);
    expect(await h.db.select().from(users).where(eq(users.role, "admin"))).toHaveLength(1);
  });
});
