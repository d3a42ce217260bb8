import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "../support/api";
import * as submissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { createTeam } from "@/lib/teams";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { rowCounts } from "../support/rows";
import { errorOf, f8, form, insertBuiltBox, npy, send, syntheticMjj } from "../support/uploads";
import { drainJobs } from "../support/worker";

// Attacks (issue 15 §13, §14): a NUL byte in a free-text field of an upload or claim made the
// database insert fail (HTTP 500); an .npy with 1 MiB of junk after the array was accepted and stored.

const N = 1000;
const ids = Array.from({ length: N }, (_, i) => i);
const scores = () => f8(ids.map((i) => Math.sin(i)));
const goodClaim = {
  signalPresent: true,
  mass: 3500,
  massUncertainty: 100,
  nSignal: 50,
  nSignalUncertainty: 10,
};
const json = (body: unknown) => ({ body: JSON.stringify(body), contentType: "application/json" });

describe.each(testDatabases())("hostile upload input on $name", ({ open }) => {
  let h: DbHandle;
  let alice: Actor;
  const params = { slug: "sec-input", box: "bb" };
  const logged: string[] = [];

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    const org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "sec-input", title: "Hostile input", status: "published" });
    await createTeam(h.db, alice, "sec-input", { name: "Alices" });
    await insertBuiltBox(h.db, org, "sec-input", {
      slug: "bb",
      mode: "blind",
      eventIds: BigInt64Array.from(ids, BigInt),
      mjj: syntheticMjj(N, 5),
      labels: new Int8Array(N),
      scoringConfig: { bins: { min: 1500, max: 5100, n: 24 }, npe: 20, cutEfficiencies: [1], maxUploadMB: 4 },
      quotas: { submissionsPerDay: 50, submissionsTotal: 50 },
    });
    await drainJobs(h.db);
    for (const m of ["error", "warn"] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => {
        logged.push(a.map(String).join(" "));
      });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    session.current = null;
    setDbHandle(undefined);
    await h.close();
  });

  const cases: {
    name: string;
    req: () => Omit<Parameters<typeof send>[1], "as" | "params">;
    field: string;
  }[] = [
    {
      name: "NUL in method (multipart scores)",
      req: () => ({
        body: form({
          kind: "scores",
          method: "GAN\u0000AE",
          file: { bytes: npy("<f8", [N], scores()), name: "s.npy" },
        }),
      }),
      field: "method",
    },
    {
      name: "NUL in description (multipart scores)",
      req: () => ({
        body: form({
          kind: "scores",
          description: "x\u0000y",
          file: { bytes: npy("<f8", [N], scores()), name: "s.npy" },
        }),
      }),
      field: "description",
    },
    {
      name: "NUL in method (raw body, query string)",
      req: () => ({
        body: npy("<f8", [N], scores()),
        query: { kind: "scores", filename: "s.npy", method: "a\u0000" },
      }),
      field: "method",
    },
    {
      name: "NUL in claim.description (JSON)",
      req: () => json({ kind: "claim", claim: { ...goodClaim, description: "bump\u0000" } }),
      field: "description",
    },
    {
      name: "NUL in the claim's method (JSON)",
      req: () => json({ kind: "claim", claim: goodClaim, method: "\u0000" }),
      field: "method",
    },
    {
      name: "a lone surrogate in description (JSON)",
      req: () => json({ kind: "claim", claim: goodClaim, description: "\ud800" }),
      field: "description",
    },
  ];

  it.each(cases)("$name → 422 naming the field, nothing stored", async ({ req, field }) => {
    const before = await rowCounts(h.db);
    const res = await send(submissionsRoute.POST, { params, as: alice, ...req() });
    expect(res.status).toBe(422);
    const e = errorOf(res);
    expect(e.code).toBe("validation");
    expect(e.details.fields?.[0]?.field).toBe(field);
    expect(e.message).toMatch(/control characters|valid Unicode/);
    expect(await rowCounts(h.db)).toEqual(before);
    expect(logged).toEqual([]);
  });

  it("refuses an .npy with 1 MiB of junk after the array, naming the file, the sizes and the fix", async () => {
    const before = await rowCounts(h.db);
    const good = npy("<f8", [N], scores());
    const junk = new Uint8Array(good.length + 2 ** 20);
    junk.set(good);
    junk.fill(0x41, good.length);
    const res = await send(submissionsRoute.POST, {
      params,
      as: alice,
      body: form({ kind: "scores", file: { bytes: junk, name: "padded.npy" } }),
    });
    expect(res.status).toBe(422);
    const e = errorOf(res);
    expect(e.details.reason).toBe("upload:trailing_bytes");
    expect(e.message).toMatch(
      /padded\.npy: shape \(1000,\) of <f8 is 8000 bytes of data but the file holds 1056576/,
    );
    expect(e.message).toMatch(/np\.save/);
    expect(await rowCounts(h.db)).toEqual(before);
    // The same array without the junk goes through.
    const ok = await send(submissionsRoute.POST, {
      params,
      as: alice,
      body: form({ kind: "scores", file: { bytes: good, name: "plain.npy" } }),
    });
    expect(ok.status).toBe(201);
  });
});
