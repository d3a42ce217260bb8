import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, Page } from "@playwright/test";
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

/** A signed-up participant with a team of the demo challenge, in their own browser context. */
async function participant(
  browser: Browser,
  baseURL: string,
  label: string,
): Promise<{ page: Page; team: string }> {
  const ctx = await browser.newContext({ baseURL });
  const page = await ctx.newPage();
  await signUp(page, uniqueUser(label));
  const team = `${label} ${Date.now().toString(36)}`;
  // page.request sends the session cookie but, unlike the page itself, no Origin: add the one the
  // app's pages would send (cookie-authenticated writes must be same-origin).
  const res = await page.request.post(`/api/v1/challenges/${DEMO_SLUG}/teams`, {
    data: { name: team },
    headers: { origin: baseURL },
  });
  expect(res.status(), await res.text()).toBe(201);
  return { page, team };
}

/** Organizer settings: click a box's transition button, tick the confirmation, click again. */
async function transition(page: Page, slug: string, verb: "Open" | "Close" | "Reveal") {
  await page.goto(`/challenges/${DEMO_SLUG}/settings`);
  const boxes = page.getByRole("region", { name: "Black boxes" });
  const button = boxes.getByRole("button", { name: `${verb} ${slug}` });
  await expect(button).toBeVisible({ timeout: 60_000 });
  await button.click();
  const item = boxes
    .getByRole("listitem")
    .filter({ has: page.getByRole("button", { name: `${verb} ${slug}` }) });
  await item.getByLabel("I understand this cannot be undone").check();
  await button.click();
}

test("bb1 end to end: open → download → upload scores → scored with plots → claim → reveal → truth metrics, pulls, commitment", async ({
  page,
  browser,
  baseURL,
  arena,
}) => {
  test.setTimeout(300_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "arena-e2e-"));

  // The organizer creates bb1 (20k events, same proportions), builds it and opens it.
  await waitForDemoChallenge(page);
  await signIn(page, arena.organizer.email, arena.organizer.password);
  await expect(accountLink(page, "Demo Organizer")).toBeVisible();
  await page.goto(`/challenges/${DEMO_SLUG}/settings`);
  const slug = `bb1-${Date.now().toString(36)}`;
  const boxes = page.getByRole("region", { name: "Black boxes" });
  await boxes.getByLabel(/^Spec(?! to preview)/).selectOption("bb1");
  await boxes.getByLabel(/^Events in total/).fill("20000");
  await boxes.getByLabel(/^Slug/).fill(slug);
  await boxes.getByLabel("Title", { exact: true }).fill(`Black Box 1 (${slug})`);
  await boxes.getByRole("button", { name: "Create black box" }).click();
  await expect(boxes.getByText("Created: build it next.")).toBeVisible();
  await boxes.getByRole("button", { name: `Build ${slug}` }).click();
  await transition(page, slug, "Open");
  await expect(boxes.getByRole("button", { name: `Close ${slug}` })).toBeVisible();
  const boxUrl = `/challenges/${DEMO_SLUG}/boxes/${slug}`;
  await page.goto(boxUrl);
  const commitment = (
    await page.locator("#commitment + p code, section[aria-labelledby=commitment] code").first().textContent()
  )?.trim();
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);

  // Team A downloads the public file, scores it with the heavier jet mass (h5py + numpy), uploads it.
  const a = await participant(browser, baseURL as string, "Alpha");
  const scores = await heavierJetMassScores(a.page, DEMO_SLUG, slug, tmp);
  await a.page.goto(boxUrl);
  const submit = a.page.getByRole("region", { name: "Submit" });
  await expect(submit.getByTestId("quota")).toContainText("5 of 5");
  await submit.getByLabel("Scores file").setInputFiles(scores);
  await submit.getByLabel(/^Method/).fill("heavier jet mass");
  await submit.getByRole("button", { name: "Upload" }).click();
  const mine = a.page.getByRole("table", { name: "Your team's submissions" });
  // Live: queued → scoring → scored, without reloading the page.
  await expect(mine.getByTestId("submission-status").first()).toHaveText(/queued|scoring|scored/);
  await expect(mine.getByTestId("submission-status").first()).toHaveText(/scored/, { timeout: 90_000 });
  await expect(submit.getByTestId("quota")).toContainText("4 of 5");

  // The leaderboard row with its discovery Z, the chart, and the submission's plots.
  await a.page.goto(`${boxUrl}/leaderboard`);
  const board = a.page.getByRole("table", { name: "Leaderboard" });
  const row = board.getByRole("row").filter({ hasText: a.team });
  await expect(row).toContainText("heavier jet mass");
  // SCORING §2 v2: a Z (marked when extrapolated), or "model rejected" — never a "≥" lower limit.
  await expect(row.getByRole("cell").nth(2)).toHaveText(/^(-?\d+\.\d+( \(extrapolated\))?|model rejected)$/);
  // The plain bump hunt, Mahalanobis and the autoencoder: marked baseline rows, no rank.
  await expect(board.getByRole("row").filter({ hasText: /baseline/i })).toHaveCount(3, { timeout: 60_000 });
  await expect(a.page.getByTestId("leaderboard-chart").locator(".recharts-wrapper")).toBeVisible();
  // The autoencoder baseline's page shows its training (loss per epoch, device).
  await board.getByRole("row").filter({ hasText: "Dense autoencoder" }).getByRole("link").first().click();
  await a.page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(a.page.getByTestId("training-plot").locator(".recharts-wrapper")).toBeVisible();
  await expect(a.page.getByText(/20 epochs on cpu \(TensorFlow\.js wasm backend\)/)).toBeVisible();
  await a.page.goBack();
  await row.getByRole("link").first().click();
  await a.page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/);
  // The mjj plot with the fit, and under it the pulls strip (a second chart).
  await expect(a.page.getByTestId("mjj-plot").locator(".recharts-wrapper").first()).toBeVisible();
  await expect(a.page.getByTestId("discovery-summary")).toBeVisible();
  await expect(a.page.getByTestId("significance-plot").locator(".recharts-wrapper")).toBeVisible();
  await expect(a.page.getByTestId("roc-plot")).toHaveCount(0); // blind: no truth before the reveal
  const detailUrl = a.page.url();

  // Team B submits a resonance claim through the form.
  const b = await participant(browser, baseURL as string, "Beta");
  await b.page.goto(boxUrl);
  const bSubmit = b.page.getByRole("region", { name: "Submit" });
  await bSubmit.getByLabel("Resonance claim").check();
  await bSubmit.getByLabel(/^Mass \(GeV\)/).fill("3800");
  await bSubmit.getByLabel(/^Mass uncertainty/).fill("100");
  await bSubmit.getByLabel(/^Method/).fill("by eye");
  await bSubmit.getByRole("button", { name: "Upload" }).click();
  await expect(
    b.page.getByRole("table", { name: "Your team's submissions" }).getByTestId("submission-status").first(),
  ).toHaveText(/scored/, { timeout: 60_000 });

  // The organizer closes and reveals; the worker rescores everything with the truth.
  await transition(page, slug, "Close");
  await transition(page, slug, "Reveal");
  await expect(async () => {
    await a.page.goto(`${boxUrl}/leaderboard`);
    await expect(a.page.getByText(/Frozen at the reveal/)).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 90_000 });
  await a.page.goto(detailUrl);
  await expect(a.page.getByTestId("roc-plot").locator(".recharts-wrapper")).toBeVisible();
  await expect(a.page.getByTestId("sic-plot").locator(".recharts-wrapper")).toBeVisible();
  await expect(a.page.getByRole("table", { name: /Signal efficiency/ })).toContainText(/0\.\d+/);
  await b.page.goto(`${boxUrl}/leaderboard?kind=claim`);
  const claimRow = b.page
    .getByRole("table", { name: "Leaderboard" })
    .getByRole("row")
    .filter({ hasText: b.team });
  await expect(claimRow).toContainText(/\d+\.\d+/);
  await claimRow.getByRole("link").first().click();
  await b.page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/);
  await expect(b.page.getByText("Log score", { exact: true })).toBeVisible();
  await expect(b.page.getByText("Mass pull", { exact: true })).toBeVisible();

  // The truth file hashes to the commitment shown before the reveal.
  const truth = await b.page.request.get(`/api/files/${DEMO_SLUG}/${slug}/truth.h5`);
  expect(truth.status()).toBe(200);
  expect(
    createHash("sha256")
      .update(await truth.body())
      .digest("hex"),
  ).toBe(commitment);
  await b.page.goto(boxUrl);
  await expect(b.page.getByTestId("mass-vs-truth").locator(".recharts-wrapper")).toBeVisible();
  fs.rmSync(tmp, { recursive: true, force: true });
});
