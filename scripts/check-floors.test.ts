import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { checkFloors } from "./check-floors.mjs";

type Wrong = { file: string; line: number; target: string; floor: string; to?: string };

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "floors-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe("the import-floor check", () => {
  it("passes on this repository", () => {
    expect(checkFloors(path.resolve(import.meta.dirname, ".."))).toEqual([]);
  });

  it("fails on a planted wrong-way import, in every form an import takes", () => {
    const root = tree({
      "lib/errors.ts": "export class AppError extends Error {}\n",
      "lib/db.ts": "export const db = 1;\n",
      "core/ok.ts": 'import { x } from "./x";\nexport const y = x;\n',
      "core/x.ts": "export const x = 1;\n",
      "scorer/metrics/roc.ts": 'import { x } from "@/core/x";\nimport { AppError } from "@/lib/errors";\n',
      "scorer/typed.ts": 'import type { AppError } from "../lib/errors";\nexport type E = AppError;\n',
      "blackboxes/lazy.ts": 'export const f = () => import("@/lib/db");\n',
      "core/reexport.ts": 'export { db } from "@/lib/db";\n',
      "core/thread.ts": 'new URL("../lib/db.ts", import.meta.url);\n',
      "lib/uses-cli.ts": 'import "@/cli/main";\n',
      "cli/main.ts": 'import { db } from "@/lib/db";\nexport const m = db;\n',
      "scorer/x.test.ts": 'import "@/tests/support/a";\nimport "@/lib/db";\n',
      "tests/support/a.ts": 'import "@/lib/db";\n',
    });
    const wrong = (checkFloors(root) as Wrong[]).map((w) => `${w.file}:${w.line} -> ${w.target}`).sort();
    expect(wrong).toEqual([
      "blackboxes/lazy.ts:1 -> lib/db.ts",
      "core/reexport.ts:1 -> lib/db.ts",
      "core/thread.ts:1 -> lib/db.ts",
      "lib/uses-cli.ts:1 -> cli/main.ts",
      "scorer/metrics/roc.ts:2 -> lib/errors.ts",
      "scorer/typed.ts:1 -> lib/errors.ts",
      "scorer/x.test.ts:2 -> lib/db.ts",
    ]);
  });

  it("names a new top-level folder that is not a floor", () => {
    const root = tree({ "extras/a.ts": "export const a = 1;\n" });
    expect((checkFloors(root) as Wrong[]).map((w) => w.file)).toEqual(["extras/a.ts"]);
  });
});
