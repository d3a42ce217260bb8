import fs from "node:fs";
import { defineConfig } from "@playwright/test";

/**
 * End-to-end tier: a real `npm start` server (tests/e2e/support/global-setup.ts) driven through
 * the system Chromium. Run it with `node scripts/e2e.mjs`, which finds Chromium and builds first.
 */
const ci = process.env.CI === "true";
// Playwright's own browser downloads are unavailable here: use the distribution's Chromium.
const chromium = process.env.CHROMIUM_PATH || (fs.existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : "");

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "*.e2e.ts",
  // Not test-results/ itself: Playwright empties its outputDir, and other tiers write there too.
  outputDir: "test-results/e2e-artifacts",
  globalSetup: "./tests/e2e/support/global-setup.ts",
  globalTeardown: "./tests/e2e/support/global-teardown.ts",
  // Two cores, shared with the server under test: more workers only add contention.
  workers: 2,
  fullyParallel: false,
  forbidOnly: ci,
  retries: ci ? 1 : 0,
  // The first request to each page of a production build compiles nothing but is still slow here.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-report.json" }]],
  use: {
    browserName: "chromium",
    headless: true,
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium || undefined,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
