import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const resolve = {
  alias: {
    "@": root,
    "server-only": path.join(root, "tests/support/server-only.ts"),
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        test: {
          name: "unit",
          environment: "node",
          include: [
            "{core,lib,scorer,blackboxes,cli,bench,server,app,components,docs,clients,scripts}/**/*.test.ts",
          ],
        },
      },
      {
        resolve,
        test: {
          name: "integration",
          environment: "node",
          // tests/security: each replays an attack of issue 15 (docs/security.md lists them).
          include: ["tests/{integration,security}/**/*.test.ts"],
          setupFiles: ["tests/support/setup-integration.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: files run one after another so timings and PGlite memory stay predictable.
          fileParallelism: false,
        },
      },
    ],
  },
});
