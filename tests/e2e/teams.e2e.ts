import { DEMO_SLUG, expect, signUp, test, uniqueUser, waitForDemoChallenge } from "./support/arena";

test("a team forms through an invite link; the recruit renames it and leaves", async ({
  page,
  browser,
  baseURL,
}) => {
  const captain = uniqueUser("Captain");
  await signUp(page, captain);
  await waitForDemoChallenge(page);
  await page.goto(`/challenges/${DEMO_SLUG}`);

  const teamName = `Bump Hunters ${Date.now().toString(36)}`;
  await page.getByLabel("Team name").fill(teamName);
  await page.getByRole("button", { name: "Create team" }).click();
  await expect(page).toHaveURL(/\/teams\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: teamName, exact: true })).toBeVisible();
  const teamUrl = page.url();

  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toBeVisible();
  const invite = (await link.textContent())?.trim() ?? "";
  expect(invite).toMatch(new RegExp(`^${baseURL}/invite/\\S+$`));

  const renamed = `${teamName} II`;
  // A second browser context is a second person: its own cookies, its own session.
  const other = await browser.newContext({ baseURL });
  try {
    const recruitPage = await other.newPage();
    const recruit = uniqueUser("Recruit");
    await signUp(recruitPage, recruit);
    await recruitPage.goto(invite);
    await expect(recruitPage.getByRole("heading", { level: 1, name: `Join ${teamName}` })).toBeVisible();
    await recruitPage.getByRole("button", { name: "Join team" }).click();
    await expect(recruitPage).toHaveURL(teamUrl);

    const members = recruitPage.getByRole("region", { name: /^Members/ });
    await expect(members.getByRole("heading")).toHaveText("Members (2 of at most 5)");
    await expect(members.getByRole("cell", { name: captain.name, exact: true })).toBeVisible();
    await expect(members.getByRole("cell", { name: recruit.name, exact: true })).toBeVisible();

    const rename = recruitPage.getByRole("region", { name: "Rename" });
    await rename.getByLabel("Team name").fill(renamed);
    await rename.getByRole("button", { name: "Rename" }).click();
    await expect(rename.getByText("Renamed.")).toBeVisible();
    await expect(recruitPage.getByRole("heading", { level: 1, name: renamed, exact: true })).toBeVisible();

    await recruitPage.getByRole("button", { name: "Leave team" }).click();
    await expect(recruitPage).toHaveURL(new RegExp(`/challenges/${DEMO_SLUG}$`));
    await expect(recruitPage.getByRole("button", { name: "Create team" })).toBeVisible();
  } finally {
    await other.close();
  }

  // The captain sees the new name and is the only member again.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: renamed, exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Members/ }).getByRole("heading")).toHaveText(
    "Members (1 of at most 5)",
  );
});
