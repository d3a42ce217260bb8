import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDb } from "@/lib/db/client";
import { migrateDb } from "@/lib/db/migrate";
import { challenges, users } from "@/lib/db/schema";
import { signUp } from "@/lib/users";
import { createPostgresDatabase, testDatabases } from "../support/db";

const TABLES = [
  "accounts",
  "api_tokens",
  "audit_log",
  "auth_attempts",
  "black_boxes",
  "challenge_organizers",
  "challenges",
  "evaluations",
  "jobs",
  "leaderboard_snapshots",
  "submissions",
  "team_invites",
  "team_members",
  "teams",
  "users",
  "workers",
];

describe.each(testDatabases())("schema and migrations on $name", ({ open }) => {
  it("creates every table, and migrating again changes nothing", async () => {
    const h = await open();
    try {
      await migrateDb(h);
      const result = await h.db.execute(
        sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
      );
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        table_name: string;
      }[];
      expect(rows.map((r) => r.table_name)).toEqual(TABLES);
      await signUp(h.db, { email: "x@y.org", name: "X", password: "long enough pw" });
      await migrateDb(h);
      expect(await h.db.select().from(users)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe("embedded PGlite on disk", () => {
  it("keeps data across a close and reopen, creating missing parent directories", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-db-"));
    const dataDir = path.join(dir, "nested", "pgdata");
    try {
      let h = await openDb({ dataDir });
      await migrateDb(h);
      await h.db.insert(challenges).values({ slug: "persisted", title: "Persisted" });
      await h.close();
      h = await openDb({ dataDir });
      await migrateDb(h);
      const rows = await h.db.select().from(challenges);
      await h.close();
      expect(rows.map((r) => r.slug)).toEqual(["persisted"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)("PostgreSQL", () => {
  it("serialises concurrent migrations from several processes' connections", async () => {
    const h = await createPostgresDatabase({ migrate: false });
    try {
      const others = await Promise.all([1, 2, 3].map(() => openDb({ url: h.url })));
      await Promise.all(others.map((o) => migrateDb(o)));
      await Promise.all(others.map((o) => o.close()));
      const [r] = (await h.db.execute(
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      )) as unknown as {
        n: number;
      }[];
      expect(r?.n).toBe(fs.readdirSync("drizzle").filter((f) => f.endsWith(".sql")).length);
    } finally {
      await h.close();
    }
  });
});
