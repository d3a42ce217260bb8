import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { accountLink, DEMO_SLUG, expect, signIn, test, waitForDemoChallenge } from "./support/arena";

const LHCO_TINY = path.resolve(process.cwd(), "../shared/fixtures/real/lhco/events_anomalydetection_tiny.h5");

test("an organizer imports an LHCO file into a box, and a file of no known format is refused", async ({
  page,
  arena,
}) => {
  // Staging previews 1000 clustered events and the build clusters them again (seconds), but the one
  // job worker may first finish the demo's baseline trainings (a minute or two) queued at start.
  test.setTimeout(300_000);
  await waitForDemoChallenge(page);
  await signIn(page, arena.organizer.email, arena.organizer.password);
  await expect(accountLink(page, "Demo Organizer")).toBeVisible();
  await page.goto(`/challenges/${DEMO_SLUG}/settings`);
  // The settings page refreshes itself while the demo's boxes build, which can swallow a click:
  // check the link, then go there.
  await expect(page.getByRole("link", { name: "Import real data" })).toHaveAttribute(
    "href",
    `/challenges/${DEMO_SLUG}/import`,
  );
  await page.goto(`/challenges/${DEMO_SLUG}/import`);
  await expect(page.getByRole("heading", { level: 1, name: "Import real data" })).toBeVisible();

  await page.getByRole("radio", { name: "LHCO" }).check();
  await page.getByLabel("Add files").setInputFiles(LHCO_TINY);
  const file = page.getByRole("region", { name: "File events_anomalydetection_tiny.h5" });
  await expect(file.getByText(/1000 events × 700 particles/)).toBeVisible({ timeout: 60_000 });
  await expect(file.getByLabel("Role of events_anomalydetection_tiny.h5")).toHaveValue("events");
  const table = file.getByRole("table", { name: "First events of events_anomalydetection_tiny.h5" });
  await expect(table.getByRole("columnheader", { name: "mjj [GeV]" })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(6);
  await expect(file.getByTestId("import-histogram").first()).toBeVisible();
  await expect(file.getByTestId("import-histogram").first().locator(".recharts-wrapper")).toBeVisible();

  const slug = `lhco-${Date.now().toString(36)}`;
  await page.getByLabel(/^Slug/).fill(slug);
  await page.getByLabel("Title", { exact: true }).fill(`LHCO tiny (${slug})`);
  await page.getByLabel("Mode").selectOption("practice");
  await page.getByRole("button", { name: "Build box" }).click();
  const status = page.getByTestId("import-status");
  await expect(status.getByText(`Built ${slug}: 1000 events.`)).toBeVisible({ timeout: 180_000 });

  await status.getByRole("link", { name: "Open the box page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `LHCO tiny (${slug})` })).toBeVisible();
  await expect(page.getByText(/^1,000 events ·/)).toBeVisible();
  await page.goto(`/challenges/${DEMO_SLUG}/settings`);
  const item = page
    .getByRole("region", { name: "Black boxes" })
    .getByRole("listitem")
    .filter({ has: page.getByRole("link", { name: `LHCO tiny (${slug})` }) });
  await expect(item.getByText("build: built")).toBeVisible();
  await expect(item.getByRole("button", { name: `Open ${slug}` })).toBeVisible();

  // A text file that is none of the formats, dropped on the page: the server's message, and nothing
  // to build from.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-import-"));
  try {
    await page.goto(`/challenges/${DEMO_SLUG}/import`);
    const dropped = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(["hello\n"], "hello.txt", { type: "text/plain" }));
      return dt;
    });
    await page.getByTestId("dropzone").dispatchEvent("drop", { dataTransfer: dropped });
    const refused = page.getByRole("region", { name: "File hello.txt" });
    await expect(refused.getByRole("alert")).toContainText("not a file this import reads");
    await page.getByLabel(/^Slug/).fill(`${slug}-bad`);
    await page.getByLabel("Title", { exact: true }).fill("Nothing");
    await page.getByRole("button", { name: "Build box" }).click();
    await expect(page.getByTestId("import-status").getByRole("alert")).toHaveText(
      "Upload at least one file first.",
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
