import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateEvents } from "@/blackboxes/generator/generate";
import { isStrongSeed } from "@/blackboxes/generator/seed";
import type { Actor } from "@/lib/auth/actor";
import { builtinBoxes, scaledGenerator } from "@/lib/blackboxes/builtin";
import {
  createBlackBox,
  getBlackBox,
  listBlackBoxes,
  requestBuild,
  transitionBlackBox,
} from "@/lib/blackboxes/lifecycle";
import { createChallenge, getChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { auditLog, blackBoxes, jobs } from "@/lib/db/schema";
import { ensureDemoBoxes } from "@/lib/demo/seed";
import { env } from "@/lib/env";
import { readPublicFeature, readSealedTruth } from "@/core/formats";
import { blobStore } from "@/lib/storage";
import { runCli } from "../support/cli";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { drainJobs } from "../support/worker";

// Issue 15 §1: `arena generate blackboxes/bb1.json --seed 2021` rebuilt the demo's served bb1 (and
// its sealed labels) from the repository; organizer boxes had a 32-bit seed (a 35 CPU-day search).
const SPEC = {
  events: 2060,
  background: {},
  signals: [{ model: "resonance-xy", n: 60, mass: 3500, mX: 500, mY: 100 }],
};

const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe.each(testDatabases())("truth sealing: secret 256-bit seeds on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "arena-seal-"));

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    await createChallenge(h.db, org, { slug: "seal", title: "Seal", status: "published" });
    await createChallenge(h.db, org, { slug: "seal-demo", title: "Seal demo", status: "published" });
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await h.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the demo's boxes cannot be rebuilt from the repository's specs and the old fixed seeds", async () => {
    const challenge = await getChallenge(h.db, org, "seal-demo");
    await ensureDemoBoxes(h.db, challenge.id);
    const rows = await h.db.select().from(blackBoxes).where(eq(blackBoxes.challengeId, challenge.id));
    const events = env().ARENA_DEMO_EVENTS;
    for (const [i, b] of builtinBoxes().entries()) {
      const row = rows.find((r) => r.slug === b.slug)!;
      const spec = row.spec as { generator: unknown; seed: string | number };
      expect(isStrongSeed(spec.seed), `${b.slug}: a 256-bit seed`).toBe(true);
      // The attack: the repository's spec with the seed the demo used to take (2020 + i).
      const served = generateEvents(spec.generator, spec.seed);
      const guess = generateEvents(scaledGenerator(b, events), 2020 + i);
      expect(
        bytes(served.labels).equals(bytes(guess.labels)) &&
          bytes(served.features).equals(bytes(guess.features)),
      ).toBe(false);
    }
    await h.db.delete(jobs); // their builds (4 × 100k events) are not this test's business
    // Built-in specs carry no seed of their own.
    for (const b of builtinBoxes()) expect((b as { seed?: unknown }).seed).toBeUndefined();
  }, 120_000);

  it("an organizer's box gets 256 secret bits that no public field or file shows; the revealed truth file holds them and `arena generate --seed` rebuilds the box", async () => {
    const created = await createBlackBox(h.db, org, "seal", {
      slug: "bb",
      title: "Box",
      spec: { generator: SPEC },
      scoringConfig: { bins: { min: 2500, max: 6000, n: 35 }, npe: 100, cutEfficiencies: [1] },
    });
    const seed = String((created.truth?.spec as { seed?: unknown } | undefined)?.seed);
    expect(isStrongSeed(seed)).toBe(true);
    await requestBuild(h.db, org, "seal", "bb");
    await drainJobs(h.db);
    await transitionBlackBox(h.db, org, { challengeSlug: "seal", boxSlug: "bb" }, "open");
    const { box } = await getBlackBox(h.db, org, "seal", "bb");
    const store = blobStore();
    const pub = store.read(box.publicBlob!);
    // Nothing public holds the seed: the box's public view, the challenge's, the public file.
    const anon = JSON.stringify([
      await listBlackBoxes(h.db, null, "seal"),
      (await getBlackBox(h.db, null, "seal", "bb")).view,
      await getChallenge(h.db, null, "seal"),
    ]);
    expect(anon).not.toContain(seed);
    expect(anon).not.toMatch(/"(seed|spec|salt)"/);
    expect(Buffer.from(pub).toString("latin1")).not.toContain(seed);
    // The audit log and the build job's result hold no seed either.
    const logged = JSON.stringify([await h.db.select().from(auditLog), await h.db.select().from(jobs)]);
    expect(logged).not.toContain(seed);

    // After the reveal: the truth file's params hold the seed, and the CLI rebuilds the very box.
    for (const to of ["closed", "revealed"] as const)
      await transitionBlackBox(h.db, org, { challengeSlug: "seal", boxSlug: "bb" }, to);
    const truth = await readSealedTruth(store.read(box.truthBlob!), "truth.h5");
    const revealedSeed = (truth.params as { seed: string }).seed;
    expect(revealedSeed).toBe(seed);
    const specFile = path.join(tmp, "bb.json");
    fs.writeFileSync(specFile, JSON.stringify({ slug: "bb", generator: SPEC }));
    const r = await runCli(
      "generate",
      specFile,
      "--out",
      path.join(tmp, "out"),
      "--seed",
      revealedSeed,
      "--json",
    );
    expect(r.code, r.err).toBe(0);
    const rebuilt = fs.readFileSync(path.join(tmp, "out", "public.h5"));
    const again = await readSealedTruth(fs.readFileSync(path.join(tmp, "out", "truth.h5")), "truth.h5");
    expect(bytes(again.labels).equals(bytes(truth.labels))).toBe(true);
    for (const f of ["mjj", "mj1", "tau21_1"]) {
      const [a, b] = await Promise.all([
        readPublicFeature(pub, "public.h5", f),
        readPublicFeature(rebuilt, "public.h5", f),
      ]);
      expect(bytes(a.values).equals(bytes(b.values)), f).toBe(true);
    }
    expect(rebuilt.equals(Buffer.from(pub))).toBe(true);
  }, 120_000);
});
