import fs from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { session } from "../support/api";
import * as submissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { evaluations, submissions } from "@/lib/db/schema";
import { createTeam } from "@/lib/teams";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { fixture, lhcoTinyLabels } from "../support/lhco";
import { form, insertBuiltBox, send, syntheticMjj } from "../support/uploads";
import { drainJobs } from "../support/worker";

// "Every file in fixtures/clients gives the identical evaluation": the same 1000 scores written by
// numpy, h5py, pandas and savetxt in eleven ways, uploaded through the API to a practice box whose
// truth holds the LHCO tiny labels, must give the same discovery and truth metrics, and sklearn's AUC.

const CLIENT_FILES = [
  "scores_f64.npy",
  "scores_f32.npy",
  "scores_bigendian.npy",
  "scores_f32_2d.npy",
  "scores_fortran_2d.npy",
  "scores_h5py.h5",
  "scores_pandas_fixed.h5",
  "scores_pandas_table.h5",
  "scores_pandas.csv",
  "scores_savetxt.txt",
  "scores_shuffled_ids.csv",
];

/** Metrics without wall-clock timings (`seconds` of each discovery cut): those differ run to run. */
function withoutTimings(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimings);
  if (v && typeof v === "object")
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([k]) => k !== "seconds" && k !== "timings")
        .map(([k, x]) => [k, withoutTimings(x)]),
    );
  return v;
}

describe.each(testDatabases())("client score files through the upload API on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let alice: Actor;
  const reference = JSON.parse(fs.readFileSync(fixture("clients", "reference_metrics.json"), "utf8")) as {
    n_events: number;
    n_signal: number;
    roc_auc_score: number;
  };

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "clients", title: "Clients", status: "published" });
    await createTeam(h.db, alice, "clients", { name: "Alices" });
    const labels = await lhcoTinyLabels();
    expect(labels.length).toBe(reference.n_events);
    expect(labels.reduce((s, l) => s + (l > 0 ? 1 : 0), 0)).toBe(reference.n_signal);
    const n = reference.n_events;
    await insertBuiltBox(h.db, org, "clients", {
      slug: "practice",
      mode: "practice",
      eventIds: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
      mjj: syntheticMjj(n, 20261122),
      labels,
      scoringConfig: { bins: { min: 1500, max: 5100, n: 24 }, npe: 50, cutEfficiencies: [1, 0.1] },
      quotas: { submissionsPerDay: 20, submissionsTotal: 20 },
    });
  });
  afterAll(async () => {
    session.current = null;
    setDbHandle(undefined);
    await h.close();
  });

  it("scores all eleven files identically, with sklearn's AUC", async () => {
    const params = { slug: "clients", box: "practice" };
    const ids: Record<string, string> = {};
    for (const [i, name] of CLIENT_FILES.entries()) {
      const bytes = new Uint8Array(fs.readFileSync(fixture("clients", name)));
      // Alternate the two file transports: multipart (browser, curl -F) and the raw body (curl --data-binary).
      const res =
        i % 2 === 0
          ? await send(submissionsRoute.POST, {
              params,
              as: alice,
              body: form({ kind: "scores", method: `client ${name}`, file: { bytes, name } }),
            })
          : await send(submissionsRoute.POST, {
              params,
              as: alice,
              body: bytes,
              query: { kind: "scores", filename: name, method: `client ${name}` },
            });
      expect(res.status, `${name}: ${res.text}`).toBe(201);
      ids[name] = (res.body.submission as { id: string }).id;
    }
    await drainJobs(h.db);

    const metrics: Record<string, Record<string, unknown>> = {};
    for (const name of CLIENT_FILES) {
      const id = ids[name] as string;
      const [sub] = await h.db.select().from(submissions).where(eq(submissions.id, id));
      expect([name, sub?.status, sub?.error]).toEqual([name, "scored", null]);
      const evs = await h.db.select().from(evaluations).where(eq(evaluations.submissionId, id));
      expect(evs, name).toHaveLength(1);
      expect(evs[0]?.withTruth, name).toBe(true);
      metrics[name] = evs[0]?.metrics as Record<string, unknown>;
      expect(Object.keys(metrics[name]).sort(), name).toEqual(["discovery", "truth"]);
    }
    const first = withoutTimings(metrics[CLIENT_FILES[0] as string]);
    for (const name of CLIENT_FILES.slice(1)) {
      expect({ name, metrics: withoutTimings(metrics[name]) }).toEqual({ name, metrics: first });
    }
    const truth = metrics["scores_f64.npy"]?.truth as { auc: number; nSignal: number; nBackground: number };
    expect(truth.nSignal).toBe(reference.n_signal);
    expect(truth.nBackground).toBe(reference.n_events - reference.n_signal);
    expect(Math.abs(truth.auc - reference.roc_auc_score)).toBeLessThanOrEqual(1e-12);
    // The discovery was run as configured (two cuts, 50 pseudo-experiments each where a fit exists).
    const discovery = metrics["scores_f64.npy"]?.discovery as {
      cuts: { status: string; selected?: number; bump?: { global: { npe: number } } }[];
    };
    expect(discovery.cuts.map((c) => [c.selected, c.status])).toEqual([
      [1000, "ok"],
      [100, expect.any(String)],
    ]);
    for (const c of discovery.cuts) if (c.status === "ok") expect(c.bump?.global.npe).toBe(50);
  }, 60_000);
});
