import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";
import { requestBodySchemas } from "./openapi-bodies";
import { responseSchemas } from "./openapi-components";
import { evaluationSchemas } from "./openapi-schemas";
import { storedSchemas } from "./openapi-stored";
import type { z } from "zod";
import { fileDetailsSchema, submissionErrorSchema } from "@/lib/db/json";
import { leaderboardRowSchema, metricsSchema, rankingSchema } from "@/lib/db/json-metrics";
import { VALUE_LABELS } from "@/lib/submissions/leaderboard-values";
import { claimSchema } from "@/scorer/metrics/claim-validate";
import { claimScoreSchema, topKMetricsSchema, truthMetricsSchema } from "@/scorer/metrics/results";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/**
 * The URL path of a Next.js route file: route groups `(x)` dropped, `[x]`, `[...x]` and `[[...x]]`
 * written `{x}` as OpenAPI templates them.
 */
function routePath(file: string): string {
  const segments = path.dirname(file).split(path.sep).slice(1); // drop "app"
  const url = segments
    .filter((s) => !/^\(.*\)$/.test(s))
    .map((s) => s.replace(/^\[{1,2}(?:\.\.\.)?(\w+)\]{1,2}$/, "{$1}"));
  return `/${url.join("/")}`;
}

/** The HTTP methods a route file exports: `export const GET`, `export async function GET`, `export { h as GET }`. */
function exportedMethods(src: string): string[] {
  const found = new Set<string>();
  for (const m of src.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(\w+)/g)) found.add(m[1]!);
  for (const m of src.matchAll(/export\s*\{([^}]*)\}/g))
    for (const part of m[1]!.split(","))
      found.add(
        part
          .trim()
          .split(/\s+as\s+/)
          .pop()!,
      );
  return METHODS.filter((x) => found.has(x));
}

/** What one export of a route file says: its text, up to the next export. */
function exportText(src: string, method: string): string {
  const start = src.search(new RegExp(`export\\s+(const|(async\\s+)?function)\\s+${method}\\b`));
  if (start < 0) return "";
  const next = src.indexOf("\nexport ", start + 1);
  return src.slice(start, next < 0 ? undefined : next);
}

const routeFiles = fs
  .readdirSync("app/api", { recursive: true, encoding: "utf8" })
  .filter((f) => path.basename(f) === "route.ts")
  .map((f) => path.join("app/api", f))
  .sort();
const routes = routeFiles.flatMap((file) => {
  const src = fs.readFileSync(file, "utf8");
  return exportedMethods(src).map((method) => ({ file, src, method, path: routePath(file) }));
});

/** Routes that are not an API for clients, left out of the document on purpose (its description says why). */
const EXCLUDED = ["GET /api/auth/{nextauth}", "POST /api/auth/{nextauth}"];

/** Error statuses that are not the envelope by design: health's 503 is its body, a 416 has none. */
const NOT_ENVELOPE = ["GET /api/health 503", "GET /api/files/{slug}/{box}/{file} 416"];

type Op = {
  security?: object[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};
const doc = openApiDocument("http://arena.test");
const paths = doc.paths as Record<string, Record<string, Op>>;
const operations = Object.entries(paths).flatMap(([p, ops]) =>
  Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op })),
);
const opOf = (method: string, p: string) => paths[p]?.[method.toLowerCase()];

describe("route discovery (what the coverage tests rely on)", () => {
  it("maps Next.js folders to OpenAPI paths and reads every export form", () => {
    expect(routePath("app/api/v1/challenges/[slug]/boxes/[box]/route.ts")).toBe(
      "/api/v1/challenges/{slug}/boxes/{box}",
    );
    expect(routePath("app/(public)/api/auth/[...nextauth]/route.ts")).toBe("/api/auth/{nextauth}");
    expect(routePath("app/api/x/[[...rest]]/route.ts")).toBe("/api/x/{rest}");
    expect(exportedMethods("export { handler as GET, handler as POST };")).toEqual(["GET", "POST"]);
    expect(
      exportedMethods("export const dynamic = 1;\nexport async function GET() {}\nexport const PATCH = x;"),
    ).toEqual(["GET", "PATCH"]);
  });
  it("finds every route file under app/api", () => {
    expect(routeFiles.length).toBeGreaterThanOrEqual(33);
    expect(routes.length).toBeGreaterThanOrEqual(43);
    for (const file of routeFiles)
      expect(exportedMethods(fs.readFileSync(file, "utf8")), file).not.toEqual([]);
  });
});

describe("openApiDocument covers the whole API", () => {
  it("describes every route and method under app/api but the listed exclusions", () => {
    const missing = routes
      .map((r) => `${r.method} ${r.path}`)
      .filter((k) => !EXCLUDED.includes(k) && !operations.some((o) => o.key === k));
    expect(missing).toEqual([]);
  });
  it("names only routes and methods that exist, and none of the exclusions", () => {
    const existing = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(operations.map((o) => o.key).filter((k) => !existing.has(k))).toEqual([]);
    for (const k of EXCLUDED) {
      expect(existing.has(k), `${k} is still a route`).toBe(true);
      expect(operations.map((o) => o.key)).not.toContain(k);
      expect(doc.info.description).toContain(k.replace(/^(GET|POST) /, ""));
    }
    expect(doc.info.description).toMatch(/Left out: next-auth's own handler, GET and POST/);
  });
  it("says who may call every operation, and answers errors with the envelope", () => {
    for (const { key, op } of operations) {
      expect(Array.isArray(op.security), key).toBe(true);
      expect(op.responses.default?.content?.["application/json"]?.schema, key).toEqual({
        $ref: "#/components/schemas/Error",
      });
      for (const [status, r] of Object.entries(op.responses).filter(([s]) => /^[45]/.test(s))) {
        if (NOT_ENVELOPE.includes(`${key} ${status}`)) continue;
        expect(r.content?.["application/json"]?.schema, `${key} ${status}`).toEqual({
          $ref: "#/components/schemas/Error",
        });
      }
      const callerRead = op.security!.length > 0;
      expect(Object.keys(op.responses).includes("401"), key).toBe(callerRead);
    }
  });
  it("marks exactly the public reads as callable anonymously (security `{}`), matching the route wrappers", () => {
    const anonymous = operations
      .filter(({ op }) => op.security?.some((s) => Object.keys(s).length === 0))
      .map((o) => o.key);
    expect(anonymous.sort()).toEqual([
      "GET /api/files/{slug}/{box}/{file}",
      "GET /api/v1/boxes/{box}/leaderboard",
      "GET /api/v1/challenges",
      "GET /api/v1/challenges/{slug}",
      "GET /api/v1/challenges/{slug}/boxes",
      "GET /api/v1/challenges/{slug}/boxes/{box}",
      "GET /api/v1/challenges/{slug}/boxes/{box}/leaderboard",
      "GET /api/v1/challenges/{slug}/teams",
      "GET /api/v1/submissions/{id}",
      "GET /api/v1/teams/{id}",
    ]);
    for (const r of routes) {
      const op = opOf(r.method, r.path);
      const text = exportText(r.src, r.method);
      if (/=\s*publicApiRoute\b/.test(text))
        expect(anonymous, `${r.method} ${r.path}`).toContain(`${r.method} ${r.path}`);
      if (/=\s*apiRoute\b/.test(text))
        expect(op?.security, `${r.method} ${r.path}`).toEqual([{ bearer: [] }, { session: [] }]);
    }
    expect(opOf("GET", "/api/health")?.security).toEqual([]);
    expect(opOf("POST", "/api/v1/boxes/{box}/submissions")?.security).toEqual([
      { bearer: [] },
      { session: [] },
    ]);
  });
  it("declares a JSON request body, a generated component, for every route that reads one", () => {
    const schemas = doc.components.schemas as Record<string, unknown>;
    const readers = routes.filter((r) => /readJson\(req\)/.test(exportText(r.src, r.method)));
    expect(readers.length).toBeGreaterThanOrEqual(10);
    for (const r of readers) {
      const schema = opOf(r.method, r.path)?.requestBody?.content["application/json"]?.schema as {
        $ref: string;
      };
      expect(schema?.$ref, `${r.method} ${r.path}`).toMatch(/^#\/components\/schemas\//);
      expect(schemas).toHaveProperty(schema.$ref.split("/").pop()!);
    }
  });
  it("gives each component schema one source (no name shared by responses, evaluations, stored shapes and bodies)", () => {
    const names = [responseSchemas, evaluationSchemas, storedSchemas(), requestBodySchemas()].flatMap((s) =>
      Object.keys(s),
    );
    expect(names.length).toBe(new Set(names).size);
    expect(Object.keys(doc.components.schemas).length).toBe(names.length);
  });
  it("resolves every $ref to a component schema", () => {
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const r of refs) {
      expect(r, r).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(doc.components.schemas, r).toHaveProperty(r.split("/").pop()!);
    }
    expect(text).not.toMatch(/"\$(schema|id|defs)"/);
  });
});

describe("request bodies generated from the routes' zod schemas", () => {
  /** A component's value at a dotted path (the document is plain JSON). */
  const at = (dotted: string): unknown =>
    dotted
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc.components.schemas);
  it("keeps the zod rules: lengths, patterns, enums, required fields, defaults optional", () => {
    expect(at("NewChallenge.required")).toEqual(["slug", "title"]);
    expect(at("NewChallenge.properties.slug")).toMatchObject({
      minLength: 3,
      maxLength: 60,
      pattern: "^[a-z0-9]+(-[a-z0-9]+)*$",
    });
    expect(at("NewChallenge.properties.status.enum")).toEqual(["draft", "published", "archived"]);
    expect(at("NewChallenge.properties.startsAt.anyOf")).toEqual([
      { type: "null" },
      { type: "string", description: "ISO 8601 time" },
    ]);
    expect(at("ChallengeChanges")).not.toHaveProperty("required");
    expect(at("NewToken.properties.expiresInDays")).toEqual({ type: "integer", minimum: 1, maximum: 3650 });
    expect(at("RoleChange.properties.role.enum")).toEqual(["admin", "organizer", "participant"]);
    expect(at("BoxTransition.properties.to.enum")).toEqual(["open", "closed", "revealed"]);
    expect(at("NewImport.properties.files")).toMatchObject({ minItems: 1, maxItems: 64 });
    expect(at("Claim.additionalProperties")).toBe(false);
    expect(at("Claim.required")).toEqual(["signalPresent"]);
  });
  it("describes a string normalised before its checks by those checks (team names in NFKC)", () => {
    expect(at("TeamName.properties.name")).toMatchObject({ type: "string", minLength: 2, maxLength: 60 });
    expect(at("TeamName.properties.name.pattern")).toContain("\\p{L}");
    expect(at("NewChallenge.properties.description")).toMatchObject({ type: "string", maxLength: 20000 });
  });
  it("refers a new box's generator spec to GeneratorSpec, generated from the generator's own schema", () => {
    expect(at("NewBlackBox.properties.spec.properties.generator")).toEqual({
      $ref: "#/components/schemas/GeneratorSpec",
    });
    expect(at("NewBlackBox.required")).toEqual(["slug", "title", "spec"]);
    expect(at("GeneratorSpec.properties.signals.items.oneOf")).toHaveLength(2);
    expect(at("GeneratorSpec.additionalProperties")).toBe(false);
  });
});

describe("response schemas", () => {
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
  it("describes the box's data summary (histograms of the public file), generated from its zod schema", () => {
    const s = doc.components.schemas;
    expect(s.BlackBox.properties.dataSummary.oneOf).toEqual([
      { $ref: "#/components/schemas/DataSummary" },
      { type: "null" },
    ]);
    const summary = s.DataSummary as { properties?: Record<string, { items?: { required?: string[] } }> };
    expect(summary.properties?.features?.items?.required).toEqual(
      expect.arrayContaining(["name", "unit", "edges", "counts", "underflow", "overflow", "missing"]),
    );
    expect(summary).not.toHaveProperty("$schema");
  });
});

describe("stored shapes generated from the zod schemas that type the database columns", () => {
  type Component = { properties?: Record<string, unknown>; required?: string[] };
  const component = (name: string) => (doc.components.schemas as Record<string, Component>)[name];
  /** The zod object's fields, and those a value must have (not optional). */
  const fieldsOf = (schema: z.ZodObject) => ({
    properties: Object.keys(schema.shape),
    required: Object.keys(schema.shape).filter((k) => !schema.shape[k]!.safeParse(undefined).success),
  });
  const pairs: [string, z.ZodObject][] = [
    ["Claim", claimSchema],
    ["Metrics", metricsSchema],
    ["TruthMetrics", truthMetricsSchema],
    ["ClaimScore", claimScoreSchema],
    ["TopKMetrics", topKMetricsSchema],
    ["Ranking", rankingSchema],
    ["LeaderboardRow", leaderboardRowSchema],
    ["FileDetails", fileDetailsSchema],
    ["SubmissionError", submissionErrorSchema],
  ];
  it.each(pairs)("%s has exactly the zod schema's fields, the same ones required", (name, schema) => {
    const c = component(name);
    const want = fieldsOf(schema);
    expect(Object.keys(c?.properties ?? {})).toEqual(want.properties);
    expect(c?.required ?? []).toEqual(want.required);
  });
  /** A component's value at a dotted path (the document is plain JSON). */
  const at = (dotted: string): unknown =>
    dotted
      .split(".")
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc.components.schemas);
  const refTo = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const nullableRef = (name: string) => ({ oneOf: [refTo(name), { type: "null" }] });
  it("refers the responses to them: a submission's claim, error and file, an evaluation's metrics, a leaderboard", () => {
    expect(at("Submission.properties.claim")).toMatchObject(nullableRef("Claim"));
    expect(at("Submission.properties.error")).toEqual(nullableRef("SubmissionError"));
    expect(at("Submission.properties.file.properties.details")).toEqual(nullableRef("FileDetails"));
    expect(at("Evaluation.properties.metrics")).toEqual(refTo("Metrics"));
    expect(at("Leaderboard.properties.ranking")).toEqual(refTo("Ranking"));
    expect(at("Leaderboard.properties.rows")).toEqual({ type: "array", items: refTo("LeaderboardRow") });
    expect(at("BlackBox.properties.truth.properties.spec")).toEqual(nullableRef("BoxSpec"));
  });
  it("refers the stored shapes to what is described elsewhere: the discovery result, the row values, the generator spec", () => {
    expect(at("Metrics.properties.discovery")).toEqual(refTo("Discovery"));
    expect(at("Metrics.properties.claim")).toMatchObject(refTo("ClaimScore"));
    expect(at("LeaderboardRow.properties.values")).toEqual(refTo("LeaderboardValues"));
    expect(at("BoxSpec.anyOf.0.properties.generator")).toEqual(refTo("GeneratorSpec"));
    expect(at("BoxSpec.anyOf.1.required")).toEqual(["import", "seed"]);
    expect(at("Discovery.properties")).toHaveProperty("cuts");
  });
  it("documents one leaderboard value per key of the one list of value labels, and the Z's flags", () => {
    const values = (doc.components.schemas as Record<string, Component>).LeaderboardValues;
    expect(Object.keys(values?.properties ?? {}).sort()).toEqual(
      [...Object.keys(VALUE_LABELS), "discoveryExtrapolated", "discoveryRejected"].sort(),
    );
  });
});
