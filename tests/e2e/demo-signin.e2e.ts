import {
  accountLink,
  DEMO_SLUG,
  DEMO_TITLE,
  expect,
  signIn,
  test,
  waitForDemoChallenge,
} from "./support/arena";

const settingsUrl = `/challenges/${DEMO_SLUG}/settings`;

test("the demo organizer signs in and sees the challenge settings and audit log", async ({ page, arena }) => {
  await waitForDemoChallenge(page);
  await signIn(page, arena.organizer.email, arena.organizer.password);
  await expect(accountLink(page, "Demo Organizer")).toBeVisible();

  await page.goto(settingsUrl);
  await expect(page.getByRole("heading", { level: 1, name: `Settings: ${DEMO_TITLE}` })).toBeVisible();
  const audit = page.getByRole("region", { name: "Audit log" }).getByRole("table");
  await expect(audit.getByRole("columnheader", { name: "Action" })).toBeVisible();
  // The demo seed job writes both entries when it creates the challenge.
  await expect(audit.getByRole("cell", { name: "challenge.create", exact: true })).toBeVisible();
  await expect(audit.getByRole("cell", { name: "organizer.add", exact: true })).toBeVisible();
});

test("a demo participant does not get the settings page", async ({ page, arena }) => {
  await waitForDemoChallenge(page);
  await signIn(page, arena.alice.email, arena.alice.password);
  await expect(accountLink(page, "Alice (demo participant)")).toBeVisible();

  await page.goto(settingsUrl);
  await expect(page.getByText(`Only the organizers of ${DEMO_TITLE} can change its settings.`)).toBeVisible();
  await expect(page.getByRole("region", { name: "Audit log" })).toHaveCount(0);
});

test("a wrong password shows an error and leaves the user signed out", async ({ page, arena }) => {
  await signIn(page, arena.bob.email, "not the right password");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Sign in" })).toBeVisible();
});
