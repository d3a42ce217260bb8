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
});
