import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// First: it mocks next-auth before the route modules load it.
import { session } from "../support/api";
import { GET as fileRoute } from "@/app/api/files/[slug]/[box]/[file]/route";
import { GET as boxRoute } from "@/app/api/v1/challenges/[slug]/boxes/[box]/route";
import { GET as challengeRoute } from "@/app/api/v1/challenges/[slug]/route";
import type { Actor } from "@/lib/auth/actor";
import { createBlackBox, getBlackBox, requestBuild, transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { auditBox } from "@/lib/blackboxes/seal-audit";
import { createChallenge } from "@/lib/challenges";
import { type DbHandle, setDbHandle } from "@/lib/db/client";
import { blackBoxes } from "@/lib/db/schema";
import { env } from "@/lib/env";
import { blobStore } from "@/lib/storage";
import { createApiToken } from "@/lib/tokens";
import { testDatabases } from "../support/db";
import { makeUser } from "../support/fixtures";
import { drainJobs } from "../support/worker";

// Issue 15, acceptance: `npm run audit:box -- <slug> <box>` checks a deployment's box for the leaks of
// §1–4. Here it talks to the real route handlers (anonymously, and with an organizer's API token).

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
const ROUTES: [RegExp, Handler, string[]][] = [
  [/^\/api\/v1\/challenges\/([^/]+)\/boxes\/([^/]+)$/, boxRoute as Handler, ["slug", "box"]],
  [/^\/api\/v1\/challenges\/([^/]+)$/, challengeRoute as Handler, ["slug"]],
  [/^\/api\/files\/([^/]+)\/([^/]+)\/([^/]+)$/, fileRoute as Handler, ["slug", "box", "file"]],
];

/** fetch() against the app's route handlers, as a deployment would answer it. */
const appFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(String(input));
  session.current = null; // no cookie: anonymous unless a Bearer token is sent
  for (const [re, handler, names] of ROUTES) {
    const m = re.exec(url.pathname);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] as string)]));
    return handler(new Request(url, init), { params: Promise.resolve(params) });
  }
  return new Response("not found", { status: 404 });
}) as typeof fetch;

const SIGNAL = { model: "resonance-xy" as const, n: 60, mass: 3517, mX: 503, mY: 97 };

describe.each(testDatabases())("npm run audit:box on $name", ({ open }) => {
  let h: DbHandle;
  let org: Actor;
  let token: string;
  let viewerToken: string;

  async function built(slug: string, spec: Record<string, unknown>, description = "") {
    await createBlackBox(h.db, org, "audit", {
      slug,
      title: `Box ${slug}`,
      description,
      spec,
      scoringConfig: { bins: { min: 2500, max: 6000, n: 35 }, npe: 50, cutEfficiencies: [1] },
    });
    await requestBuild(h.db, org, "audit", slug);
    await drainJobs(h.db);
    await transitionBlackBox(h.db, org, { challengeSlug: "audit", boxSlug: slug }, "open");
    return (await getBlackBox(h.db, org, "audit", slug)).box;
  }
  const audit = (box: string, withToken = true, withViewer = true) =>
    auditBox({
      baseUrl: "http://arena.test",
      challenge: "audit",
      box,
      token: withToken ? token : undefined,
      viewerToken: withViewer ? viewerToken : undefined,
      dataDir: env().dataDir,
      fetch: appFetch,
    });

  beforeAll(async () => {
    h = await open();
    setDbHandle(h);
    org = await makeUser(h.db, "organizer");
    token = (await createApiToken(h.db, org, { name: "audit" })).token;
    viewerToken = (await createApiToken(h.db, await makeUser(h.db), { name: "viewer" })).token;
    await createChallenge(h.db, org, { slug: "audit", title: "Audit", status: "published" });
  });
  afterAll(async () => {
    session.current = null;
    setDbHandle(undefined);
    await h.close();
  });

  it("passes a box built today: 256-bit seed, the spec's total, nothing in public, 0600 blobs", async () => {
    await built("sealed", { generator: { events: 2060, background: {}, signals: [SIGNAL] } });
    const r = await audit("sealed");
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.checks.map((c) => c.check)).toEqual(
      expect.arrayContaining([
        "seed",
        "event count",
        "public fields",
        "public file",
        "file mode: truth blob",
      ]),
    );
    expect(r.ok).toBe(true);
    expect(r.checks.find((c) => c.check === "public fields")?.detail).toContain("a participant's view");
    // Without a viewer token the public view is read anonymously, as anyone on the internet reads it.
    const noViewer = await audit("sealed", true, false);
    expect(noViewer.ok).toBe(true);
    expect(noViewer.checks.find((c) => c.check === "public fields")?.detail).toContain("the anonymous view");
    // Without an organizer token it cannot see what must stay sealed, and says so.
    const anon = await audit("sealed", false);
    expect(anon.ok).toBe(false);
    expect(anon.checks.find((c) => c.check === "organizer view")?.ok).toBe(false);
  }, 120_000);

  it("reports each leak of issue 15 §1–4 on a box built the old way, without printing the secret", async () => {
    const box = await built(
      "leaky",
      { generator: { events: 2060, background: {}, signals: [SIGNAL] }, seed: 2021 },
      "A 3517 GeV resonance decaying to 503 and 97 GeV jets.",
    );
    // The old spec form (background.n + signals) and a world-readable truth blob, as before the fix.
    const spec = box.spec;
    if (!spec || !("generator" in spec)) throw new Error("a generated box has a generator spec");
    await h.db
      .update(blackBoxes)
      .set({ spec: { ...spec, generator: { background: { n: 2000 }, signals: [SIGNAL] } } })
      .where(eq(blackBoxes.id, box.id));
    const truthFile = blobStore().pathOf(box.truthBlob!);
    fs.chmodSync(truthFile, 0o644);
    try {
      const r = await audit("leaky");
      const failed = Object.fromEntries(r.checks.filter((c) => !c.ok).map((c) => [c.check, c.detail]));
      expect(r.ok).toBe(false);
      expect(Object.keys(failed).sort()).toEqual([
        "event count",
        "file mode: truth blob",
        "public fields",
        "seed",
      ]);
      expect(failed["public fields"]).toMatch(/box description states 3517.*503.*97/);
      expect(failed["file mode: truth blob"]).toContain("0644");
      expect(JSON.stringify(r)).not.toContain((box.spec as { salt: string }).salt);
      // The anonymous view (no viewer token) finds the same description leak.
      const anon = await audit("leaky", true, false);
      const anonFailed = anon.checks.find((c) => c.check === "public fields");
      expect(anonFailed?.ok).toBe(false);
      expect(anonFailed?.detail).toMatch(/box description states 3517.*503.*97/);
    } finally {
      fs.chmodSync(truthFile, 0o600);
    }
  }, 120_000);

  it("the npm script refuses a bad command line with its usage (exit 2)", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join("scripts", "audit-box.ts")], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("usage: npm run audit:box -- <challenge-slug> <box-slug>");
  }, 60_000);
});
