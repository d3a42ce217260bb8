import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "../support/api";
import { GET as fileRoute } from "@/app/api/files/[slug]/[box]/[file]/route";
import * as shortLeaderboardRoute from "@/app/api/v1/boxes/[box]/leaderboard/route";
import * as shortSubmissionsRoute from "@/app/api/v1/boxes/[box]/submissions/route";
import * as auditRoute from "@/app/api/v1/challenges/[slug]/audit/route";
import * as boxLeaderboardRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/leaderboard/route";
import * as boxRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/route";
import * as boxSubmissionsRoute from "@/app/api/v1/challenges/[slug]/boxes/[box]/submissions/route";
import * as boxesRoute from "@/app/api/v1/challenges/[slug]/boxes/route";
import * as organizersRoute from "@/app/api/v1/challenges/[slug]/organizers/route";
import * as challengeRoute from "@/app/api/v1/challenges/[slug]/route";
import * as challengeTeamsRoute from "@/app/api/v1/challenges/[slug]/teams/route";
import * as challengesRoute from "@/app/api/v1/challenges/route";
import * as meRoute from "@/app/api/v1/me/route";
import * as submissionRoute from "@/app/api/v1/submissions/[id]/route";
import * as teamRoute from "@/app/api/v1/teams/[id]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as usersRoute from "@/app/api/v1/users/route";
import type { Actor } from "@/lib/auth/actor";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { createTeam } from "@/lib/teams";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { rowCounts } from "../support/rows";
import { form, h5, insertBuiltBox, send, syntheticMjj } from "../support/uploads";
import { drainJobs } from "../support/worker";

// "Leak suite: for an unrevealed blind box, no response of any route to anyone but the worker
// contains a truth metric, label or injected parameter (checked field by field)."

const INJECTED = { mass: 3517, mX: 503, mY: 97, n: 41 } as const;
const SECRET_NUMBERS: number[] = [INJECTED.mass, INJECTED.mX, INJECTED.mY];
/** Keys that only truth can fill: truth metrics, claim scores, top-K scores, labels, the spec. */
const TRUTH_KEYS = [
  "truth",
  "label",
  "labels",
  "auc",
  "sicMax",
  "maxSic",
  "tprAtFpr",
  "tprAt1e3",
  "tprAt1e5",
  "detectionCorrect",
  "pulls",
  "massPull",
  "nSignalPull",
  "logScore",
  "topK",
  "precision",
  "recall",
  "spec",
  "signals",
  "mX",
  "mY",
  "params",
  "salt",
  "truthBlob",
];
/** Same-named keys that are public by definition: a ranking's display label, the dijet fit's parameters. */
// The discovery metric's own fit parameters and data-vs-fit pulls are public numbers of public data
// (named like the truth file's `params` and the claims' `pulls`).
const PUBLIC_PATHS = /\.ranking\.label$|\.(fit|refit|model)\.params$|\.(cuts\[\d+\]|buildCheck)\.pulls$/;
/** The routes that answer anyone, signed in or not: what the site's pages show a signed-out visitor. */
const PUBLIC_READ =
  /^GET \/(challenges(\/leak(\/teams|\/boxes(\/blind)?)?)?|teams\/[^/]+|submissions\/[^/]+|.*\/leaderboard\?kind=.*)$/;
const N = 1201;
const K = 5;
const SIGNAL_ROWS = Array.from({ length: INJECTED.n }, (_, i) => 17 + 29 * i);

type Finding = { path: string; what: string };

/** Walk a JSON value: every key named like truth, every number (or number-only string) that is injected. */
function findTruth(value: unknown, at = "$"): Finding[] {
  const out: Finding[] = [];
  const visit = (v: unknown, p: string) => {
    if (typeof v === "number") {
      if (SECRET_NUMBERS.includes(v)) out.push({ path: p, what: `number ${v}` });
    } else if (typeof v === "string") {
      // Ids, hashes and times are hex/digits by nature: only the remaining text is searched.
      const text = v
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "")
        .replace(/[0-9a-f]{16,}/gi, "")
        .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "");
      // A number on its own (not inside a random e-mail tag like "x97ab"): "3517 GeV", "mass=503".
      const m = /(?<![\w.])(3517|503|97)(?!\w)/.exec(text);
      if (m) out.push({ path: p, what: `text "${v.slice(0, 80)}"` });
    } else if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) visit(x, `${p}[${i}]`);
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const kp = `${p}.${k}`;
        if (TRUTH_KEYS.some((t) => t.toLowerCase() === k.toLowerCase()) && !PUBLIC_PATHS.test(kp))
          out.push({ path: kp, what: "key" });
        visit(x, `${p}.${k}`);
      }
    }
  };
  visit(value, at);
  return out;
}

describe.each(testDatabases())("truth leak suite on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let otherOrg: Actor;
  let alice: Actor; // team Alices
  let bob: Actor; // team Bobs
  let carol: Actor; // participant without a team
  let teamIds: string[];
  const logged: string[] = [];

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    otherOrg = await makeUser(h.db, "organizer");
    alice = await makeUser(h.db);
    bob = await makeUser(h.db);
    carol = await makeUser(h.db);
    await createChallenge(h.db, org, { slug: "leak", title: "Leak suite", status: "published" });
    await createChallenge(h.db, otherOrg, { slug: "elsewhere", title: "Another one", status: "published" });
    teamIds = [
      (await createTeam(h.db, alice, "leak", { name: "Alices" })).id,
      (await createTeam(h.db, bob, "leak", { name: "Bobs" })).id,
    ];
    const labels = new Int8Array(N);
    for (const r of SIGNAL_ROWS) labels[r] = 1;
    await insertBuiltBox(h.db, org, "leak", {
      slug: "blind",
      mode: "blind",
      eventIds: BigInt64Array.from({ length: N }, (_, i) => BigInt(i)),
      mjj: syntheticMjj(N, 424242, [{ at: INJECTED.mass, rows: SIGNAL_ROWS }]),
      labels,
      signals: [{ model: "resonance-xy", ...INJECTED }],
      truthParams: { components: [{ process: "Wprime->XY", ...INJECTED }] },
      scoringConfig: { bins: { min: 1500, max: 5100, n: 24 }, npe: 20, cutEfficiencies: [1, 0.1], topK: K },
      quotas: { submissionsPerDay: 10, submissionsTotal: 10 },
    });
    // Teams upload scores, top-K ids and claims (none of them names an injected number).
    const params = { slug: "leak", box: "blind" };
    const scoreCsv = (seed: number) =>
      new TextEncoder().encode(
        `event_id,score\n${Array.from({ length: N }, (_, i) => `${i},${labels[i]! + Math.sin(i * seed)}`).join("\n")}\n`,
      );
    const uploads = [
      send(boxSubmissionsRoute.POST, {
        params,
        as: alice,
        body: form({ kind: "scores", method: "autoencoder", file: { bytes: scoreCsv(1), name: "ae.csv" } }),
      }),
      send(boxSubmissionsRoute.POST, {
        params,
        as: alice,
        body: await h5({ Result: BigInt64Array.from(SIGNAL_ROWS.slice(0, K), BigInt) }),
        query: { kind: "top-ids", filename: "top.h5" },
      }),
      send(boxSubmissionsRoute.POST, {
        params,
        as: alice,
        contentType: "application/json",
        body: JSON.stringify({
          kind: "claim",
          method: "bump hunt by eye",
          claim: {
            signalPresent: true,
            mass: 3450,
            massUncertainty: 120,
            nSignal: 45,
            nSignalUncertainty: 15,
            daughterMasses: [
              { mass: 480, uncertainty: 40 },
              { mass: 110, uncertainty: 30 },
            ],
          },
        }),
      }),
      send(shortSubmissionsRoute.POST, {
        params: { box: "blind" },
        as: bob,
        body: scoreCsv(2),
        query: { kind: "scores", filename: "bob.csv", method: "weak supervision" },
      }),
      send(shortSubmissionsRoute.POST, {
        params: { box: "blind" },
        as: bob,
        contentType: "application/json",
        body: JSON.stringify({ kind: "claim", claim: { signalPresent: false } }),
      }),
    ];
    for (const r of await Promise.all(uploads)) expect(r.status, r.text).toBe(201);
    await drainJobs(h.db);
    for (const m of ["log", "info", "warn", "error", "debug"] as const)
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

  /** Every GET a viewer can make about this challenge and box, with its JSON body (or 404 for files). */
  async function everyResponse(as: Actor | null) {
    const out: { route: string; status: number; body: unknown }[] = [];
    const get = async (route: string, handler: unknown, params: Record<string, string> = {}, query = {}) => {
      const r = await send(handler, { params, as, query });
      out.push({ route, status: r.status, body: r.body });
      return r;
    };
    await get("GET /challenges", challengesRoute.GET);
    await get("GET /challenges/leak", challengeRoute.GET, { slug: "leak" });
    await get("GET /challenges/leak/boxes", boxesRoute.GET, { slug: "leak" });
    await get("GET /challenges/leak/boxes/blind", boxRoute.GET, { slug: "leak", box: "blind" });
    await get("GET /challenges/leak/teams", challengeTeamsRoute.GET, { slug: "leak" });
    await get("GET /challenges/leak/organizers", organizersRoute.GET, { slug: "leak" });
    await get("GET /challenges/leak/audit", auditRoute.GET, { slug: "leak" });
    for (const id of teamIds) await get(`GET /teams/${id}`, teamRoute.GET, { id });
    await get("GET /me", meRoute.GET);
    await get("GET /tokens", tokensRoute.GET);
    await get("GET /users", usersRoute.GET);
    const subIds = new Set<string>();
    for (const kind of ["scores", "claim", "top-ids"]) {
      for (const [path, handler, params] of [
        ["/challenges/leak/boxes/blind", boxLeaderboardRoute.GET, { slug: "leak", box: "blind" }],
        ["/boxes/blind", shortLeaderboardRoute.GET, { box: "blind" }],
      ] as const) {
        const r = await get(`GET ${path}/leaderboard?kind=${kind}`, handler, params, { kind });
        for (const row of (r.body.rows as { submissionId: string }[] | undefined) ?? [])
          subIds.add(row.submissionId);
      }
    }
    for (const [path, handler, params] of [
      ["/challenges/leak/boxes/blind", boxSubmissionsRoute.GET, { slug: "leak", box: "blind" }],
      ["/boxes/blind", shortSubmissionsRoute.GET, { box: "blind" }],
    ] as const) {
      const r = await get(`GET ${path}/submissions`, handler, params);
      for (const s of (r.body.submissions as { id: string }[] | undefined) ?? []) subIds.add(s.id);
    }
    for (const id of allSubmissionIds) await get(`GET /submissions/${id}`, submissionRoute.GET, { id });
    const files: Record<string, number> = {};
    for (const file of ["public.h5", "truth.h5", "labels.h5"]) {
      const r = await send(fileRoute, { params: { slug: "leak", box: "blind", file }, as });
      files[file] = r.status;
      if (r.status !== 200)
        out.push({ route: `GET /files/leak/blind/${file}`, status: r.status, body: r.body });
      else if (file !== "public.h5")
        out.push({ route: `GET /files/leak/blind/${file}`, status: 200, body: r.text });
    }
    return { out, files, subIds };
  }

  let allSubmissionIds: string[] = [];
  const viewers = () =>
    ({
      anonymous: null,
      "team member": alice,
      "other team": bob,
      "no team": carol,
      "other organizer": otherOrg,
    }) as Record<string, Actor | null>;

  it("shows nobody but the organizers a truth key, label or injected number before the reveal", async () => {
    // Every submission id there is (the organizer sees them all), so each viewer asks for each one.
    const orgView = await everyResponse(org);
    allSubmissionIds = [...orgView.subIds];
    expect(allSubmissionIds.length).toBe(6); // 5 uploads + the bump-hunt baseline
    // The checker is not blind: the box's organizer sees the spec with the injected numbers.
    const orgAgain = await everyResponse(org);
    const orgFindings = orgAgain.out.flatMap((r) => findTruth(r.body, r.route));
    expect(orgFindings.some((f) => f.what === "number 3517")).toBe(true);
    expect(orgFindings.some((f) => f.path.endsWith(".spec"))).toBe(true);
    expect(orgAgain.files["truth.h5"]).toBe(200);

    const before = await rowCounts(h.db);
    let checked = 0;
    for (const [who, as] of Object.entries(viewers())) {
      const { out, files } = await everyResponse(as);
      // The public reads answer everyone — the anonymous caller included — with content to search:
      // challenge, boxes, box, teams, leaderboards and every scored submission (issue 17 item 8).
      const publicReads = out.filter((r) => PUBLIC_READ.test(r.route));
      expect([who, publicReads.length]).toEqual([who, 19]);
      expect(
        publicReads.filter((r) => r.status !== 200).map((r) => `${who} ${r.route}: ${r.status}`),
      ).toEqual([]);
      const findings = out.flatMap((r) => findTruth(r.body, `${who} ${r.route}`));
      expect(findings.map((f) => `${f.path}: ${f.what}`)).toEqual([]);
      expect([who, files]).toEqual([who, { "public.h5": 200, "truth.h5": 404, "labels.h5": 404 }]);
      checked += out.filter((r) => r.status === 200).length;
    }
    expect(checked).toBeGreaterThan(60);
    // The public reads answer with real content: ranked rows with a discovery Z, scored submissions.
    const lb = await send(shortLeaderboardRoute.GET, { params: { box: "blind" }, as: null });
    const rows = lb.body.rows as { values: Record<string, unknown>; team: unknown }[];
    expect(rows.filter((r) => r.team)).toHaveLength(2);
    expect(typeof rows[0]?.values.discoveryZ).toBe("number");
    const mine = await send(boxSubmissionsRoute.GET, { params: { slug: "leak", box: "blind" }, as: alice });
    expect((mine.body.submissions as { status: string }[]).map((s) => s.status)).toEqual([
      "scored",
      "scored",
      "scored",
    ]);
    expect(await rowCounts(h.db)).toEqual(before); // reading wrote nothing
    expect(logged.filter((l) => /3517|\b503\b|label/.test(l))).toEqual([]);
  });

  it("after the reveal the same responses do carry the truth (so the suite can fail)", async () => {
    await transitionBlackBox(h.db, org, { challengeSlug: "leak", boxSlug: "blind" }, "closed");
    await transitionBlackBox(h.db, org, { challengeSlug: "leak", boxSlug: "blind" }, "revealed");
    await drainJobs(h.db);
    for (const [who, as] of Object.entries(viewers())) {
      const { out, files } = await everyResponse(as);
      const keys = new Set(
        out.flatMap((r) => findTruth(r.body, r.route)).map((f) => f.path.split(".").pop()),
      );
      const numbers = out
        .flatMap((r) => findTruth(r.body, r.route))
        .filter((f) => f.what.startsWith("number"));
      for (const k of [
        "auc",
        "maxSic",
        "detectionCorrect",
        "logScore",
        "precision",
        "recall",
        "spec",
        "mX",
        "mY",
      ])
        expect([who, k, keys.has(k)]).toEqual([who, k, true]);
      expect(numbers.map((f) => f.what)).toEqual(
        expect.arrayContaining(["number 3517", "number 503", "number 97"]),
      );
      expect([who, files["truth.h5"]]).toEqual([who, 200]);
    }
  });
});
