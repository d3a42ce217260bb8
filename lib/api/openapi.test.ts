import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

/** The route file serving an OpenAPI path: {param} → [param]; file names of /api/files are [file]. */
function routeFile(p: string): string {
  const dir = p.replace(/\{(\w+)\}/g, "[$1]").replace(/\/(public|truth)\.h5$/, "/[file]");
  return `app${dir}/route.ts`;
}

describe("openApiDocument", () => {
  const doc = openApiDocument("http://arena.test");
  it("names only paths and methods that exist as route handlers", () => {
    const paths = Object.entries(doc.paths);
    expect(paths.length).toBeGreaterThanOrEqual(11);
    for (const [p, ops] of paths) {
      const file = routeFile(p);
      expect(fs.existsSync(file), `${p} → ${file}`).toBe(true);
      const src = fs.readFileSync(file, "utf8");
      for (const method of Object.keys(ops)) {
        expect(src, `${method.toUpperCase()} ${p}`).toMatch(
          new RegExp(`export (const|async function) ${method.toUpperCase()}\\b`),
        );
      }
    }
  });
  it("documents every submission and leaderboard route under api/v1", () => {
    const files = fs
      .readdirSync("app/api/v1", { recursive: true, encoding: "utf8" })
      .filter((f) => /(submissions|leaderboard)(\/\[id\])?\/route\.ts$/.test(f))
      .map((f) => `app/api/v1/${f}`);
    const documented = new Set(Object.keys(doc.paths).map(routeFile));
    for (const f of files) expect(documented.has(f), f).toBe(true);
  });
  it("marks exactly the public reads as callable anonymously (security `{}`)", () => {
    const anonymous = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops as Record<string, { security?: object[] }>)
        .filter(([, op]) => op.security?.some((s) => Object.keys(s).length === 0))
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(anonymous.sort()).toEqual([
      "GET /api/files/{slug}/{box}/public.h5",
      "GET /api/files/{slug}/{box}/truth.h5",
      "GET /api/v1/boxes/{box}/leaderboard",
      "GET /api/v1/challenges/{slug}/boxes",
      "GET /api/v1/challenges/{slug}/boxes/{box}",
      "GET /api/v1/challenges/{slug}/boxes/{box}/leaderboard",
      "GET /api/v1/submissions/{id}",
    ]);
    const upload = doc.paths["/api/v1/boxes/{box}/submissions"].post;
    expect(upload.security).toEqual([{ bearer: [] }, { session: [] }]);
  });
  it("resolves every $ref to a component schema", () => {
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) expect(doc.components.schemas, r).toHaveProperty(r);
  });
  it("describes discovery version 2: a nullable summary with its reason, rejected cuts, no lower limit", () => {
    const s = doc.components.schemas;
    expect(s.Discovery.properties.method).toEqual({ const: 2, description: "Version of SCORING §2" });
    expect(s.Discovery.properties.summary.oneOf).toEqual([
      { $ref: "#/components/schemas/DiscoverySummary" },
      { type: "null" },
    ]);
    expect(s.Discovery.properties.summaryReason).toEqual({ type: "string" });
    expect(s.DiscoveryCut.properties.status.enum).toEqual(["ok", "rejected"]);
    expect(s.DiscoveryCut.properties.rejection.properties.reason.enum).toEqual([
      "fit-failed",
      "goodness-of-fit",
      "pull",
      "rising",
    ]);
    expect(s.DiscoverySummary.properties).toHaveProperty("extrapolated");
    expect(s.LeaderboardValues.properties).toHaveProperty("discoveryRejected");
    expect(s.LeaderboardValues.properties).toHaveProperty("discoveryExtrapolated");
    expect(JSON.stringify(doc)).not.toMatch(/lowerLimit|"no fit"/);
  });
  it("describes the build check on the box (organizers only), generated from its zod schema", () => {
    const s = doc.components.schemas;
    expect(s.BlackBox.properties.buildCheck.description).toMatch(/^Organizers only/);
    const check = s.BuildCheck as { properties?: Record<string, unknown>; required?: string[] };
    expect(check.properties?.status).toEqual({ type: "string", enum: ["ok", "rejected"] });
    expect(check.required).toContain("counts");
    expect(check.required).not.toContain("reason");
    expect(check).not.toHaveProperty("$schema");
  });
});
