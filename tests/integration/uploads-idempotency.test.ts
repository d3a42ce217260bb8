import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../support/api";
import * as submissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import type { Actor } from "@/lib/auth/actor";
import { submissions } from "@/lib/db/schema";
import { testDatabases, useAppDatabase } from "../support/db";
import { idOf, params, type Quota, scoresCsv, setup, upload } from "../support/faults";
import { blobFiles, errorOf, form, send } from "../support/uploads";

// Issue 18 item 3: uploads safe to retry. The same Idempotency-Key answers the first submission
// (no second row, no second quota charge); another upload under it is refused.

describe.each(testDatabases())("uploads with an Idempotency-Key on $name", ({ open }) => {
  const h = useAppDatabase(open);
  let alice: Actor;
  beforeAll(async () => {
    ({ alice } = await setup(h.db));
  });
  afterAll(() => {
    session.current = null;
  });
  const keyed = (key: string) => h.db.select().from(submissions).where(eq(submissions.idempotencyKey, key));

  it("answers a retry with the first submission, charging the quota once", async () => {
    const key = randomUUID();
    const bytes = scoresCsv();
    const first = await upload(alice, bytes, { "Idempotency-Key": key });
    expect(first.status, first.text).toBe(201);
    expect(first.body.replayed).toBe(false);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const blobsAfterFirst = blobFiles();
    const again = await upload(alice, bytes, { "Idempotency-Key": key });
    expect(again.status).toBe(201);
    expect(again.body.replayed).toBe(true);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(idOf(again)).toBe(idOf(first));
    const q1 = first.body.quota as Quota;
    expect(again.body.quota).toMatchObject({ usedToday: q1.usedToday, remaining: q1.remaining });
    expect(await keyed(key)).toHaveLength(1);
    expect(blobFiles()).toEqual(blobsAfterFirst);
    // A multipart retry (a new boundary each time) of the same file is the same upload too.
    const key2 = randomUUID();
    const file = scoresCsv();
    const viaForm = () =>
      send(submissionsRoute.POST, {
        params,
        as: alice,
        body: form({ kind: "scores", method: "m", file: { bytes: file, name: "s.csv" } }),
        headers: { "Idempotency-Key": key2 },
      });
    const a = await viaForm();
    const b = await viaForm();
    expect([a.status, b.status, b.body.replayed]).toEqual([201, 201, true]);
    expect(idOf(b)).toBe(idOf(a));
  });

  it("refuses the same key with another upload (409 naming the key)", async () => {
    const key = `retry-${randomUUID()}`;
    const first = await upload(alice, scoresCsv(), { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    const blobs = blobFiles();
    const other = await upload(alice, scoresCsv(), { "Idempotency-Key": key });
    expect(other.status).toBe(409);
    expect(errorOf(other).code).toBe("idempotency:key_reused");
    expect(errorOf(other).message).toContain(key);
    expect(errorOf(other).details.fields?.[0]?.field).toBe("Idempotency-Key");
    expect(await keyed(key)).toHaveLength(1);
    expect(blobFiles()).toEqual(blobs);
  });

  it("refuses a key that is empty, too long or not printable (400 naming the header)", async () => {
    for (const key of ["", " ", "x".repeat(201), "tab\there"]) {
      const r = await upload(alice, scoresCsv(), { "Idempotency-Key": key });
      expect(r.status, JSON.stringify(key)).toBe(400);
      expect(errorOf(r).code).toBe("idempotency:bad_key");
      expect(errorOf(r).details.fields?.[0]?.field).toBe("Idempotency-Key");
    }
    expect((await upload(alice, scoresCsv(), { "Idempotency-Key": "x".repeat(200) })).status).toBe(201);
  });

  it("makes one submission of ten concurrent requests with one key", async () => {
    const key = randomUUID();
    const bytes = scoresCsv();
    const before = (await h.db.select({ id: submissions.id }).from(submissions)).length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => upload(alice, bytes, { "Idempotency-Key": key })),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 201));
    expect(new Set(results.map(idOf)).size).toBe(1);
    expect(results.filter((r) => r.body.replayed === false)).toHaveLength(1);
    expect(await keyed(key)).toHaveLength(1);
    expect((await h.db.select({ id: submissions.id }).from(submissions)).length).toBe(before + 1);
  });

  it("replays keyed claims, and lets a key name a new upload after 24 h", async () => {
    const key = randomUUID();
    const claim = (mass: number) =>
      send(submissionsRoute.POST, {
        params,
        as: alice,
        body: JSON.stringify({ kind: "claim", claim: { signalPresent: true, mass, massUncertainty: 100 } }),
        contentType: "application/json",
        headers: { "Idempotency-Key": key },
      });
    const first = await claim(3500);
    const again = await claim(3500);
    expect([first.status, again.body.replayed, idOf(again)]).toEqual([201, true, idOf(first)]);
    expect((await claim(3600)).status).toBe(409);
    await h.db
      .update(submissions)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(submissions.id, idOf(first)));
    const later = await claim(3600);
    expect([later.status, later.body.replayed]).toEqual([201, false]);
    expect(idOf(later)).not.toBe(idOf(first));
    expect((await keyed(key)).map((r) => r.id)).toEqual([idOf(later)]);
  });

  it("answers uploads without a key as before (no replayed field, each one a submission)", async () => {
    const bytes = scoresCsv();
    const a = await upload(alice, bytes);
    const b = await upload(alice, bytes);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(idOf(a)).not.toBe(idOf(b));
    expect("replayed" in a.body).toBe(false);
  });
});

/** A PostgreSQL that answers every connection with FATAL 57P03, as one that is starting up does. */
