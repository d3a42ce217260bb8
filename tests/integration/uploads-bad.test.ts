import { createHash } from "node:crypto";
import fs from "node:fs";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "../support/api";
import * as shortSubmissionsRoute from "@/app/api/v1/boxes/[box]/submissions/route";
import * as submissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import type { Actor } from "@/lib/auth/actor";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { createTeam } from "@/lib/teams";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { fixture } from "../support/lhco";
import { rowCounts } from "../support/rows";
import {
  blobFiles,
  errorOf,
  f8,
  form,
  h5,
  insertBuiltBox,
  npy,
  send,
  syntheticMjj,
} from "../support/uploads";
import { drainJobs } from "../support/worker";

// "A corpus of at least 25 bad uploads … each gets its specific error and leaves no trace."

const N = 1000;
const K = 4;
const LIMIT = 256 * 1024; // maxUploadMB 0.25; gzip uploads may inflate to 128 B per event + 1 MiB
const enc = (s: string) => new TextEncoder().encode(s);
const scoreOf = (i: number) => Math.sin(i) + i / N;
const lines = (n: number, f: (i: number) => string) =>
  `${Array.from({ length: n }, (_, i) => f(i)).join("\n")}\n`;
const idCsv = (ids: number[], score: (id: number, row: number) => string = (id) => String(scoreOf(id))) =>
  enc(`event_id,score\n${ids.map((id, row) => `${id},${score(id, row)}`).join("\n")}\n`);
const allIds = Array.from({ length: N }, (_, i) => i);
const goodScores = () => Float64Array.from(allIds, scoreOf);
const bytesWith = (values: Float64Array, row: number, v: number) => {
  const copy = values.slice();
  copy[row] = v;
  return copy;
};

type Send = Parameters<typeof send>[1];
type Case = {
  name: string;
  /** The request, minus params/as. */
  req: () => Promise<Omit<Send, "params" | "as">> | Omit<Send, "params" | "as">;
  status?: number;
  code?: string;
  /** The machine reason (file errors) … */
  reason?: string;
  /** … or the field named (claims and request shape). */
  field?: string;
  /** What the message must name: the row, line, id, field or numbers. */
  message: RegExp;
};

const raw = (bytes: Uint8Array, filename: string, kind = "scores") => ({
  body: bytes,
  query: { kind, filename },
});
const multi = (bytes: Uint8Array, name: string, kind = "scores") => ({
  body: form({ kind, file: { bytes, name } }),
});
const claim = (c: unknown) => ({
  body: JSON.stringify({ kind: "claim", claim: c }),
  contentType: "application/json",
});
const goodClaim = {
  signalPresent: true,
  mass: 3500,
  massUncertainty: 100,
  nSignal: 50,
  nSignalUncertainty: 10,
};

const CASES: Case[] = [
  // ---- score files: length, values, ids ----
  {
    name: "999 scores (txt)",
    req: () => raw(enc(lines(N - 1, (i) => String(scoreOf(i)))), "short.txt"),
    reason: "upload:wrong_length",
    message: /short\.txt: holds 999 scores but this black box has 1000 events/,
  },
  {
    name: "1001 scores (npy)",
    req: () => multi(npy("<f8", [N + 1], f8([...goodScores(), 0.5])), "long.npy"),
    reason: "upload:wrong_length",
    message: /holds 1001 scores but this black box has 1000 events/,
  },
  {
    name: "NaN on line 48 (txt)",
    req: () => raw(enc(lines(N, (i) => (i === 47 ? "nan" : String(scoreOf(i))))), "nan.txt"),
    reason: "upload:nan",
    message: /nan\.txt: line 48 is NaN/,
  },
  {
    name: "NaN in row 17 (npy)",
    req: () => raw(npy("<f8", [N], f8(bytesWith(goodScores(), 17, Number.NaN))), "nan.npy"),
    reason: "upload:nan",
    message: /nan\.npy: row 17 \(counting from 0\) is NaN/,
  },
  {
    name: "+Inf for event 5 (csv with ids, line 7)",
    req: () =>
      raw(
        idCsv(allIds, (id) => (id === 5 ? "inf" : String(scoreOf(id)))),
        "inf.csv",
      ),
    reason: "upload:infinite",
    message: /inf\.csv: line 7 is \+Infinity/,
  },
  {
    name: "-Inf in row 999 (npy)",
    req: () => multi(npy("<f8", [N], f8(bytesWith(goodScores(), 999, -Infinity))), "minf.npy"),
    reason: "upload:infinite",
    message: /row 999 \(counting from 0\) is -Infinity/,
  },
  {
    name: "event_id 5 twice (csv)",
    req: () => raw(idCsv(allIds.map((id) => (id === 6 ? 5 : id))), "dup.csv"),
    reason: "upload:duplicate_id",
    message: /event_id 5 appears twice \(line 7 and line 8\)/,
  },
  {
    name: "event_id 48 missing (csv, 999 rows)",
    req: () => raw(idCsv(allIds.filter((id) => id !== 48)), "missing.csv"),
    reason: "upload:missing_ids",
    message: /has no score for event_id 48/,
  },
  {
    name: "event_id 4800 not in the box (csv)",
    req: () => raw(idCsv(allIds.map((id) => (id === 48 ? 4800 : id))), "unknown.csv"),
    reason: "upload:unknown_ids",
    message: /event_id 4800 is not in this black box/,
  },
  {
    name: "float event ids (csv)",
    req: () => raw(idCsv(allIds.map((id) => (id === 3 ? 3.5 : id))), "floatids.csv"),
    reason: "upload:bad_id",
    message: /line 5 has event_id '3\.5'/,
  },
  {
    name: "a word where a score belongs (txt line 3)",
    req: () => raw(enc(lines(N, (i) => (i === 2 ? "high" : String(scoreOf(i))))), "word.txt"),
    reason: "upload:bad_line",
    message: /word\.txt: line 3 has 'high'/,
  },
  {
    name: "blank line 10 (txt)",
    req: () => raw(enc(lines(N, (i) => (i === 9 ? "" : String(scoreOf(i))))), "blank.txt"),
    reason: "upload:bad_line",
    message: /line 10 is blank/,
  },
  // ---- score files: dtype, shape, structure ----
  {
    name: "bool dtype (npy)",
    req: () => raw(npy("|b1", [N], new Uint8Array(N)), "bool.npy"),
    reason: "upload:unsupported_dtype",
    message: /dtype '\|b1' is not accepted/,
  },
  {
    name: "complex dtype (npy)",
    req: () => raw(npy("<c16", [N], new Uint8Array(16 * N)), "complex.npy"),
    reason: "upload:unsupported_dtype",
    message: /dtype '<c16'/,
  },
  {
    name: "strings where scores belong (HDF5)",
    req: async () => raw(await h5strings(), "strings.h5"),
    reason: "upload:unsupported_dtype",
    message: /\/scores holds .*not numbers/,
  },
  {
    name: "[N, 3] array (npy)",
    req: () => raw(npy("<f8", [N, 3], f8(new Float64Array(3 * N))), "wide.npy"),
    reason: "upload:bad_shape",
    message: /wide\.npy.*\b3\b/,
  },
  {
    name: "HDF5 without a scores dataset",
    req: async () => multi(await h5({ predictions: goodScores() }), "preds.h5"),
    reason: "upload:unknown_dataset",
    message: /predictions/,
  },
  {
    name: "HDF5 with 1000 scores but 999 event ids",
    req: async () =>
      raw(
        await h5({ scores: goodScores(), event_id: BigInt64Array.from(allIds.slice(1), BigInt) }),
        "ids.h5",
      ),
    reason: "upload:bad_shape",
    message: /holds 1000 scores but 999 event ids/,
  },
  {
    name: "floats where event ids are expected (HDF5)",
    req: async () =>
      raw(await h5({ scores: goodScores(), event_id: Float64Array.from(allIds, (i) => i + 0.25) }), "fid.h5"),
    reason: "upload:bad_id",
    message: /fid\.h5: row 0 \(counting from 0\) has event_id 0\.25/,
  },
  // ---- damaged and hostile files ----
  {
    name: "empty body",
    req: () => raw(new Uint8Array(0), "empty.npy"),
    reason: "upload:empty",
    message: /empty\.npy: the file is empty/,
  },
  {
    name: "truncated npy (half the data)",
    req: () => raw(npy("<f8", [N], f8(goodScores())).subarray(0, 4000), "cut.npy"),
    reason: "upload:truncated",
    message: /cut\.npy/,
  },
  {
    name: "npy header cut off",
    req: () => raw(npy("<f8", [N], f8(goodScores())).subarray(0, 40), "head.npy"),
    reason: "upload:truncated",
    message: /head\.npy: \.npy header is cut off/,
  },
  {
    name: "huge npy header (v2.0 claims a 4 GB header)",
    req: () => {
      const b = npy("<f8", [N], f8(goodScores()));
      b[6] = 2;
      const out = new Uint8Array(b.length + 2);
      out.set(b.subarray(0, 8));
      new DataView(out.buffer).setUint32(8, 0xfffffff0, true);
      out.set(b.subarray(10), 12);
      return raw(out, "huge-header.npy");
    },
    reason: "upload:truncated",
    message: /huge-header\.npy: \.npy header is cut off/,
  },
  {
    name: "truncated HDF5 (first half of the h5py client file)",
    req: () => {
      const b = fs.readFileSync(fixture("clients", "scores_h5py.h5"));
      return multi(new Uint8Array(b.subarray(0, Math.floor(b.length / 2))), "half.h5");
    },
    reason: "upload:corrupt",
    message: /half\.h5/,
  },
  {
    name: "text named .npy",
    req: () => raw(enc("0.1\n0.2\n"), "fake.npy"),
    reason: "upload:corrupt",
    message: /fake\.npy: named \.npy but does not start like a \.npy file/,
  },
  {
    name: "binary junk",
    req: () =>
      raw(
        Uint8Array.from({ length: 2000 }, (_, i) => (i * 37) % 256),
        "junk.bin",
      ),
    reason: "upload:unknown_format",
    message: /junk\.bin: not a format we read/,
  },
  {
    name: "a zip archive (.npz)",
    req: () => raw(Uint8Array.from([0x50, 0x4b, 3, 4, ...new Uint8Array(200)]), "scores.npz"),
    reason: "upload:unknown_format",
    message: /zip\/\.npz archives are not accepted/,
  },
  {
    name: "gzip bomb (a few KB inflating past the box limit)",
    req: () => {
      const bomb = gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
      expect(bomb.length).toBeLessThan(20_000);
      return raw(new Uint8Array(bomb), "bomb.txt.gz");
    },
    reason: "upload:too_large",
    message: /bomb\.txt\.gz: decompresses to more than 1176576 bytes/,
  },
  {
    name: "truncated gzip",
    req: () => {
      const gz = gzipSync(enc(lines(N, (i) => String(scoreOf(i)))));
      return raw(new Uint8Array(gz.subarray(0, gz.length - 30)), "cut.txt.gz");
    },
    reason: "upload:truncated",
    message: /cut\.txt\.gz: the gzip stream ends early/,
  },
  {
    name: "gzip of NaN scores (errors name the row after inflating)",
    req: () =>
      raw(
        new Uint8Array(gzipSync(npy("<f8", [N], f8(bytesWith(goodScores(), 321, Number.NaN))))),
        "gz.npy.gz",
      ),
    reason: "upload:nan",
    message: /gz\.npy\.gz: row 321 \(counting from 0\) is NaN/,
  },
  {
    name: "over the box's size limit (raw body)",
    req: () => raw(new Uint8Array(LIMIT + 1), "big.npy"),
    status: 413,
    code: "upload:too_large",
    field: "file",
    message: /larger than this black box accepts \(0\.3 MB\)/,
  },
  {
    name: "over the box's size limit (multipart file)",
    req: () => multi(new Uint8Array(LIMIT + 10), "big.npy"),
    status: 413,
    code: "upload:too_large",
    field: "file",
    message: /big\.npy: is 0\.3 MB; this black box accepts files up to 0\.3 MB/,
  },
  // ---- top-K event ids (ADC2021 Result files), K = 4 ----
  {
    name: "top-K: the real UM_IF.h5 (1000 ids) on a K = 4 box",
    req: () =>
      multi(new Uint8Array(fs.readFileSync(fixture("real", "adc2021", "UM_IF.h5"))), "UM_IF.h5", "top-ids"),
    reason: "upload:wrong_length",
    message: /UM_IF\.h5: expected exactly 4 event ids, got 1000/,
  },
  {
    name: "top-K: duplicate ids in Result",
    req: async () => raw(await h5({ Result: BigInt64Array.from([1n, 2n, 2n, 3n]) }), "dup.h5", "top-ids"),
    reason: "upload:duplicate_id",
    message: /event_id 2 appears twice \(rows 1 and 2\)/,
  },
  {
    name: "top-K: an id not in the box",
    req: async () => raw(await h5({ Result: BigInt64Array.from([1n, 2n, 3n, 5003n]) }), "unk.h5", "top-ids"),
    reason: "upload:unknown_ids",
    message: /event_id 5003 is not in this black box/,
  },
  {
    name: "top-K: scores (floats) where ids are expected",
    req: async () =>
      raw(await h5({ Result: Float64Array.from([0.93, 0.5, 0.25, 0.125]) }), "f.h5", "top-ids"),
    reason: "upload:bad_id",
    message: /row 0 is 0\.93, not an integer event id/,
  },
  {
    name: "top-K: 3 ids in a text list",
    req: () => raw(enc("event_id\n10\n20\n30\n"), "three.txt", "top-ids"),
    reason: "upload:wrong_length",
    message: /expected exactly 4 event ids, got 3/,
  },
  {
    name: "top-K: a word on line 3 of a text list",
    req: () => raw(enc("10\n20\nthirty\n40\n"), "word.txt", "top-ids"),
    reason: "upload:bad_id",
    message: /word\.txt: line 3 is "thirty", not an event id/,
  },
  {
    name: "top-K: an empty list",
    req: () => multi(enc("# nothing\n"), "none.txt", "top-ids"),
    reason: "upload:empty",
    message: /none\.txt: holds no event ids/,
  },
  // ---- claims ----
  {
    name: "claim: σ(mass) = 0",
    req: () => claim({ ...goodClaim, massUncertainty: 0 }),
    field: "massUncertainty",
    message: /massUncertainty must be a number > 0, got 0/,
  },
  {
    name: "claim: σ(nSignal) < 0",
    req: () => claim({ ...goodClaim, nSignalUncertainty: -4 }),
    field: "nSignalUncertainty",
    message: /nSignalUncertainty must be a number > 0, got -4/,
  },
  {
    name: "claim: pValue > 1",
    req: () => claim({ ...goodClaim, pValue: 1.5 }),
    field: "pValue",
    message: /pValue must be between 0 and 1, got 1\.5/,
  },
  {
    name: "claim: negative nSignal",
    req: () => claim({ ...goodClaim, nSignal: -3 }),
    field: "nSignal",
    message: /nSignal must be between 0 and 1000 \(the events in this box\), got -3/,
  },
  {
    name: "claim: more signal events than the box holds",
    req: () => claim({ ...goodClaim, nSignal: 5000 }),
    field: "nSignal",
    message: /nSignal must be between 0 and 1000 \(the events in this box\), got 5000/,
  },
  {
    name: "claim: a mass above √s",
    req: () => claim({ ...goodClaim, mass: 20_000 }),
    field: "mass",
    message: /mass must be between 0 and 13000 GeV \(√s of this box\), got 20000/,
  },
  {
    name: "claim: signal present without a mass",
    req: () => claim({ signalPresent: true, massUncertainty: 10 }),
    field: "mass",
    message: /mass is required when signalPresent is true/,
  },
  {
    name: "claim: a daughter with σ = 0",
    req: () => claim({ ...goodClaim, daughterMasses: [{ mass: 500, uncertainty: 0 }] }),
    field: "daughterMasses[0].uncertainty",
    message: /daughterMasses\[0\]\.uncertainty must be a number > 0/,
  },
  {
    name: "claim: mass as a string",
    req: () => claim({ ...goodClaim, mass: "3500" }),
    field: "mass",
    message: /mass/,
  },
  {
    name: "claim: signalPresent not a boolean",
    req: () => claim({ ...goodClaim, signalPresent: "yes" }),
    field: "signalPresent",
    message: /signalPresent: must be true or false/,
  },
  {
    name: "claim: an unknown key",
    req: () => claim({ ...goodClaim, confidence: 0.9 }),
    message: /confidence/,
  },
  {
    name: "claim: invalid JSON in the multipart claim field",
    req: () => ({ body: form({ kind: "claim", claim: "{mass: 3500" }) }),
    field: "claim",
    message: /The claim field is not valid JSON/,
  },
  // ---- request shape ----
  {
    name: "multipart without a file field",
    req: () => ({ body: form({ kind: "scores", method: "forgot the file" }) }),
    field: "file",
    message: /Attach the file in a multipart field named 'file'/,
  },
  {
    name: "unknown kind (raw body)",
    req: () => raw(enc("0.5\n"), "s.txt", "weights"),
    field: "kind",
    message: /Unknown kind "weights"/,
  },
  {
    name: "unknown kind (multipart)",
    req: () => multi(enc("0.5\n"), "s.txt", "labels"),
    field: "kind",
    message: /Unknown kind "labels"/,
  },
  {
    name: "JSON body that is not a claim",
    req: () => ({
      body: JSON.stringify({ kind: "scores", scores: [1, 2] }),
      contentType: "application/json",
    }),
    field: "kind",
    message: /JSON bodies carry claims/,
  },
  {
    name: "malformed JSON body",
    req: () => ({ body: "{kind: claim", contentType: "application/json" }),
    field: "(body)",
    message: /not valid JSON/,
  },
];

/** A root dataset `scores` holding strings (h5wasm writes variable-length UTF-8). */
async function h5strings(): Promise<Uint8Array> {
  const h5wasm = (await import("h5wasm/node")).default;
  const Module = await h5wasm.ready;
  const p = `/uploads-bad-${process.pid}-strings.h5`;
  const f = new h5wasm.File(p, "w");
  f.create_dataset({ name: "scores", data: allIds.map((i) => `s${i}`) });
  f.close();
  const bytes = Module.FS.readFile(p);
  Module.FS.unlink(p);
  return bytes;
}

describe.each(testDatabases())("bad uploads through the API on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let alice: Actor;
  const params = { slug: "badup", box: "bb" };
  const logged: string[] = [];

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "badup", title: "Bad uploads", status: "published" });
    await createTeam(h.db, alice, "badup", { name: "Alices" });
    await insertBuiltBox(h.db, org, "badup", {
      slug: "bb",
      mode: "blind",
      eventIds: BigInt64Array.from(allIds, BigInt),
      mjj: syntheticMjj(N, 5),
      labels: new Int8Array(N),
      scoringConfig: {
        bins: { min: 1500, max: 5100, n: 24 },
        npe: 20,
        cutEfficiencies: [1],
        topK: K,
        maxUploadMB: LIMIT / 1024 / 1024,
      },
      quotas: { submissionsPerDay: 5, submissionsTotal: 10 },
    });
    await drainJobs(h.db); // the bump-hunt baseline queued at opening: the corpus starts from a quiet queue
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

  it(`refuses ${CASES.length} bad uploads, each with its own error, leaving no row, blob or quota`, async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    const before = await rowCounts(h.db);
    const blobsBefore = blobFiles();
    const quotaBefore = (await send(submissionsRoute.GET, { params, as: alice })).body.quota;
    expect(quotaBefore).toMatchObject({ usedToday: 0, usedTotal: 0, remaining: 5 });

    const seen: unknown[] = [];
    for (const c of CASES) {
      const res = await send(submissionsRoute.POST, { params, as: alice, ...(await c.req()) });
      const e = errorOf(res);
      const got = {
        case: c.name,
        status: res.status,
        code: e.code,
        reason: e.details.reason,
        field: c.field === undefined ? undefined : e.details.fields?.[0]?.field,
      };
      expect.soft(got).toEqual({
        case: c.name,
        status: c.status ?? 422,
        code: c.code ?? "validation",
        reason: c.reason,
        field: c.field,
      });
      expect.soft(e.message, c.name).toMatch(c.message);
      seen.push([c.reason ?? c.field, e.message]);
    }
    // Every case is its own failure: no two refusals are word-for-word the same.
    expect(new Set(seen.map((s) => (s as string[])[1])).size).toBe(CASES.length);
    expect(logged).toEqual([]);

    expect(await rowCounts(h.db)).toEqual(before);
    expect(blobFiles()).toEqual(blobsBefore);
    expect((await send(submissionsRoute.GET, { params, as: alice })).body.quota).toEqual(quotaBefore);
  });

  it("then accepts good uploads of each kind (the route works) and scores them", async () => {
    const before = await rowCounts(h.db);
    const blobsBefore = blobFiles();
    const scores = await send(submissionsRoute.POST, {
      params,
      as: alice,
      ...raw(idCsv([...allIds].reverse()), "good.csv"),
    });
    expect(scores.status, scores.text).toBe(201);
    expect(scores.body.quota).toMatchObject({ usedToday: 1, remaining: 4 });
    const ids = await send(shortSubmissionsRoute.POST, {
      params: { box: "bb" },
      as: alice,
      ...multi(
        new Uint8Array(fs.readFileSync(fixture("real", "adc2021", "PIPPO.h5"))),
        "PIPPO.h5",
        "top-ids",
      ),
    });
    expect(ids.status, ids.text).toBe(201);
    const c = await send(submissionsRoute.POST, { params, as: alice, ...claim(goodClaim) });
    expect(c.status, c.text).toBe(201);
    expect(c.body.quota).toMatchObject({ usedToday: 3, remaining: 2 });
    expect(await rowCounts(h.db)).toMatchObject({
      submissions: (before.submissions ?? 0) + 3,
      jobs: (before.jobs ?? 0) + 3,
    });
    // Both files are stored, by content (the second database of this file shares the data dir).
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    const stored = [
      sha(idCsv([...allIds].reverse())),
      sha(fs.readFileSync(fixture("real", "adc2021", "PIPPO.h5"))),
    ];
    expect(blobFiles()).toEqual(expect.arrayContaining(stored.map((x) => `${x.slice(0, 2)}/${x.slice(2)}`)));
    // The two files, and the validated scores of the CSV (its normalized .npy).
    expect(blobFiles().length - blobsBefore.length).toBeLessThanOrEqual(3);
    await drainJobs(h.db);
    const mine = await send(submissionsRoute.GET, { params, as: alice });
    const subs = mine.body.submissions as { kind: string; status: string }[];
    expect(subs.map((s) => [s.kind, s.status]).sort()).toEqual([
      ["claim", "scored"],
      ["scores", "scored"],
      ["top-ids", "scored"],
    ]);
  });
});
