import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { accountLink, DEMO_SLUG, expect, signIn, test, waitForDemoChallenge } from "./support/arena";

const run = promisify(execFile);

test("an organizer creates, builds and opens a black box; visitors download it but not its truth", async ({
  page,
  browser,
  baseURL,
  arena,
}) => {
  test.setTimeout(120_000);
  await waitForDemoChallenge(page);
  await signIn(page, arena.organizer.email, arena.organizer.password);
  await expect(accountLink(page, "Demo Organizer")).toBeVisible();
  await page.goto(`/challenges/${DEMO_SLUG}/settings`);

  const slug = `bb1-${Date.now().toString(36)}`;
  const boxes = page.getByRole("region", { name: "Black boxes" });
  // The preview plots a quick sample of the built-in BB1 spec, with S/B in the signal window.
  await boxes.getByLabel(/^Spec to preview/).selectOption("bb1");
  await boxes.getByRole("button", { name: "Preview" }).click();
  const preview = boxes.getByTestId("preview");
  await expect(preview.getByRole("cell", { name: /resonance-xy 3823 GeV/ })).toBeVisible({ timeout: 30_000 });
  await expect(preview.locator(".recharts-wrapper")).toHaveCount(3);

  await boxes.getByLabel(/^Spec(?! to preview)/).selectOption("bb1");
  await boxes.getByLabel(/^Events in total/).fill("20000");
  await boxes.getByLabel(/^Slug/).fill(slug);
  await boxes.getByLabel("Title", { exact: true }).fill(`Black Box 1 (${slug})`);
  // Closes in 2 days, 3 hours and 30 minutes (UTC, minute precision): the pages show "in 2 d 3 h".
  const closes = new Date(Date.now() + (2 * 24 + 3.5) * 3600_000).toISOString().slice(0, 16);
  await boxes.getByLabel(/^Closes \(UTC\)/).fill(closes);
  await boxes.getByRole("button", { name: "Create black box" }).click();
  await expect(boxes.getByText("Created: build it next.")).toBeVisible();

  await boxes.getByRole("button", { name: `Build ${slug}` }).click();
  // The page refreshes itself while the job runs; then the box can be opened.
  const open = boxes.getByRole("button", { name: `Open ${slug}` });
  await expect(open).toBeVisible({ timeout: 60_000 });
  await open.click();
  await expect(boxes.getByText("tick the box to confirm").first()).toBeVisible();
  const item = boxes
    .getByRole("listitem")
    .filter({ has: page.getByRole("button", { name: `Open ${slug}` }) });
  // The box build check (SCORING §2), shown to the organizer before opening: the plain bump hunt.
  await expect(item.getByTestId("build-check")).toContainText(/Build check.*background model (ok|rejected)/);
  await item.getByLabel("I understand this cannot be undone").check();
  await open.click();
  await expect(boxes.getByRole("button", { name: `Close ${slug}` })).toBeVisible();

  // A visitor (no session) sees it on the challenge page and downloads the public file.
  const visitor = await browser.newContext({ baseURL });
  try {
    const v = await visitor.newPage();
    await v.goto(`/challenges/${DEMO_SLUG}`);
    const row = v.getByRole("row").filter({ has: v.getByRole("link", { name: `Black Box 1 (${slug})` }) });
    await expect(row.locator(`time[datetime="${closes}:00.000Z"]`)).toContainText("(in 2 d 3 h)");
    await v.getByRole("link", { name: `Black Box 1 (${slug})` }).click();
    await expect(v.locator(`time[datetime="${closes}:00.000Z"]`)).toContainText("(in 2 d 3 h)");
    await expect(v.getByRole("heading", { level: 2, name: "Truth commitment" })).toBeVisible();
    await expect(v.getByText("The truth is revealed after the box closes.")).toBeVisible();
    const pub = await v.request.get(`/api/files/${DEMO_SLUG}/${slug}/public.h5`);
    expect(pub.status()).toBe(200);
    const body = await pub.body();
    expect(body.subarray(0, 4).toString("latin1")).toBe("\x89HDF");
    // Through `npm start` (Next drops a route's own Content-Length; server/start.ts restores it).
    expect(pub.headers()["content-length"]).toBe(String(body.length));
    const head = await v.request.head(`/api/files/${DEMO_SLUG}/${slug}/public.h5`);
    expect(head.headers()["content-length"]).toBe(String(body.length));
    // The button saves the file under the name the page's snippet opens; the snippet runs as written.
    const name = `${DEMO_SLUG}-${slug}-public.h5`;
    const snippet = (await v.getByTestId("public-snippet").textContent()) ?? "";
    expect(snippet).toContain(`h5py.File("${name}")`);
    const [download] = await Promise.all([
      v.waitForEvent("download"),
      v.getByRole("link", { name, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(name);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-box-snippet-"));
    try {
      await download.saveAs(path.join(dir, name));
      const { stdout } = await run("/usr/bin/python3", ["-c", `${snippet}\nprint(df.shape)`], { cwd: dir });
      expect(stdout.trim()).toBe("(20000, 13)");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect((await v.request.get(`/api/files/${DEMO_SLUG}/${slug}/truth.h5`)).status()).toBe(404);
    await expect(v.getByText("3823")).toHaveCount(0);
  } finally {
    await visitor.close();
  }
});
