import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

// scripts/patch-postgres.mjs (run by `npm ci` as the postinstall script) guards postgres.js 3.4.9's
// deferred write against a connection that closed first: without it a database restart can end
// the process with an uncaught TypeError. Both builds of the driver must carry it.
describe("the postgres.js null-socket patch", () => {
  it("is applied to the ESM and CommonJS builds that are installed", () => {
    // The CommonJS entry is cjs/src/index.js: the package is two levels up.
    const dir = path.resolve(path.dirname(createRequire(import.meta.url).resolve("postgres")), "..", "..");
    for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
      const src = fs.readFileSync(path.join(dir, file), "utf8");
      const nextWrite = src.slice(src.indexOf("function nextWrite"), src.indexOf("function connectTimedOut"));
      expect(nextWrite, file).toMatch(/if \(!socket\) return/);
      // Teardown forgets the cleared timer, so the next write on the pooled connection flushes.
      expect(
        src.match(/clearImmediate\(nextWriteTimer\)\n\s*nextWriteTimer = chunk = null/g),
        file,
      ).toHaveLength(2);
    }
  });
});
