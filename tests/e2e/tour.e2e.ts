import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page, TestInfo } from "@playwright/test";
import {
  accountLink,
  DEMO_SLUG,
  expect,
  heavierJetMassScores,
  signIn,
  signUp,
  test,
  uniqueUser,
  waitForDemoChallenge,
} from "./support/arena";

/**
 * The tour of issue 17: the organizer's and a participant's pages at 1400 px, each saved as a
 * full-page screenshot in the test's output folder (test-results/e2e-artifacts/tour-…/), to be
 * looked at by a person. It also checks what each page must show and that none overflows sideways.
 */
const WIDTH = 1400;

async function shoot(page: Page, info: TestInfo, name: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  // Nothing wider than the window: no horizontal scroll bar on any page of the tour.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} overflows by ${overflow} px at ${WIDTH} px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: info.outputPath(`${name}.png`), fullPage: true });
}

test("tour: organizer and participant pages at 1400 px, with screenshots", async ({
  page,
  browser,
  baseURL,
  arena,
}, info) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: WIDTH, height: 900 });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "arena-tour-"));
  const slug = `tour-${Date.now().toString(36)}`;
  const boxUrl = `/challenges/${DEMO_SLUG}/boxes/${slug}`;

  // Organizer: the settings page, a preview of the R&D-like spec, a practice box built and opened.
  await waitForDemoChallenge(page);
  await signIn(page, arena.organizer.email, arena.organizer.password);
  await expect(accountLink(page, "Demo Organizer")).toBeVisible();
  await page.goto(`/challenges/${DEMO_SLUG}/settings`);
  await shoot(page, info, "01-organizer-settings");
  const boxes = page.getByRole("region", { name: "Black boxes" });
  await boxes.getByLabel(/^Spec to preview/).selectOption("rnd");
  await boxes.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByTestId("preview")).toBeVisible({ timeout: 60_000 });
  await shoot(page, info, "02-organizer-preview");
  await boxes.getByLabel(/^Spec(?! to preview)/).selectOption("rnd");
  await boxes.getByLabel(/^Events in total/).fill("20000");
  await boxes.getByLabel(/^Slug/).fill(slug);
  await boxes.getByLabel("Title", { exact: true }).fill(`Tour box (${slug})`);
  await boxes.getByLabel("Mode").selectOption("practice");
  await boxes.getByRole("button", { name: "Create black box" }).click();
  await expect(boxes.getByText("Created: build it next.")).toBeVisible();
  await boxes.getByRole("button", { name: `Build ${slug}` }).click();
  const open = boxes.getByRole("button", { name: `Open ${slug}` });
  await expect(async () => {
    await page.goto(`/challenges/${DEMO_SLUG}/settings`);
    await expect(open).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
  await shoot(page, info, "03-organizer-built");
  await open.click();
  const item = boxes
    .getByRole("listitem")
    .filter({ has: page.getByRole("button", { name: `Open ${slug}` }) });
  await item.getByLabel("I understand this cannot be undone").check();
  await open.click();
  await expect(boxes.getByRole("button", { name: `Close ${slug}` })).toBeVisible({ timeout: 30_000 });

  // A visitor without an account: home, challenge, methods, the box, its leaderboard.
  const visitor = await (
    await browser.newContext({ baseURL, viewport: { width: WIDTH, height: 900 } })
  ).newPage();
  await visitor.goto("/");
  await shoot(visitor, info, "04-home");
  await visitor.goto(`/challenges/${DEMO_SLUG}`);
  await expect(visitor.getByRole("link", { name: "Methods" })).toBeVisible();
  await shoot(visitor, info, "05-challenge");
  await visitor.getByRole("link", { name: "Methods" }).click();
  await expect(visitor.getByRole("heading", { name: "Methods" })).toBeVisible();
  await expect(visitor.getByRole("table", { name: "Scoring settings per black box" })).toContainText(slug);
  await expect(visitor.getByRole("table", { name: "Calibration verdicts" })).toContainText("calibrated");
  await expect(visitor.locator("[data-figure='qq-pythia.svg'] svg")).toBeVisible();
  await shoot(visitor, info, "06-methods");
  await visitor.goto(boxUrl);
  await shoot(visitor, info, "07-box");

  // A participant: team, download, scores (heavier jet mass), upload, the submission and leaderboard.
  const ctx = await browser.newContext({ baseURL, viewport: { width: WIDTH, height: 900 } });
  const p = await ctx.newPage();
  await signUp(p, uniqueUser("Tour"));
  const team = `Tour ${Date.now().toString(36)}`;
  const res = await p.request.post(`/api/v1/challenges/${DEMO_SLUG}/teams`, {
    data: { name: team },
    headers: { origin: baseURL ?? "" },
  });
  expect(res.status(), await res.text()).toBe(201);
  const scores = await heavierJetMassScores(p, DEMO_SLUG, slug, tmp);
  await p.goto(boxUrl);
  const submit = p.getByRole("region", { name: "Submit" });
  await submit.getByLabel("Scores file").setInputFiles(scores);
  await submit.getByLabel(/^Method/).fill("heavier jet mass");
  await submit.getByRole("button", { name: "Upload" }).click();
  const mine = p.getByRole("table", { name: "Your team's submissions" });
  await expect(mine.getByTestId("submission-status").first()).toHaveText(/scored/, { timeout: 120_000 });
  await shoot(p, info, "08-box-participant");
  await p.goto(`${boxUrl}/leaderboard`);
  const board = p.getByRole("table", { name: "Leaderboard" });
  await expect(board.getByRole("row").filter({ hasText: team })).toBeVisible();
  await shoot(p, info, "09-leaderboard");
  await board.getByRole("row").filter({ hasText: team }).getByRole("link").first().click();
  await p.waitForURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(p.getByTestId("mjj-plot").locator(".recharts-wrapper").first()).toBeVisible();
  await expect(p.getByTestId("roc-plot").locator(".recharts-wrapper")).toBeVisible(); // practice: truth
  await shoot(p, info, "10-submission");
  fs.rmSync(tmp, { recursive: true, force: true });
});
