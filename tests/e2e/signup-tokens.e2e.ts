import { accountLink, expect, signUp, test, uniqueUser } from "./support/arena";

test("a new user creates an API token, uses it, and revoking it locks the API out", async ({
  page,
  request,
  arena,
}) => {
  const user = uniqueUser("Tokens");
  await signUp(page, user);

  await page.goto("/account");
  await expect(page.getByText(user.email)).toBeVisible();
  const tokenName = `notebook ${Date.now().toString(36)}`;
  await page.getByLabel("Token name").fill(tokenName);
  await page.getByLabel("Expires after (days)").fill("30");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-token");
  await expect(shown).toBeVisible();
  const token = (await shown.textContent())?.trim() ?? "";
  expect(token).toMatch(/^\S{20,}$/);

  // `request` carries no browser cookies, so only the token can authenticate these calls.
  const me = () =>
    request.get(`${arena.baseURL}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  const before = await me();
  expect(before.status()).toBe(200);
  expect((await before.json()).user.email).toBe(user.email);

  const row = page
    .getByRole("table", { name: "Your API tokens" })
    .getByRole("row")
    .filter({ hasText: tokenName });
  await row.getByRole("button", { name: `Revoke ${tokenName}` }).click();
  await expect(row).toContainText("revoked");

  const after = await me();
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("token:revoked");
});

// The form says "leave empty for no expiry": an empty field must not be read as 0 days.
test("a token created with an empty expiry never expires", async ({ page }) => {
  await signUp(page, uniqueUser("NoExpiry"));
  await page.goto("/account");
  const tokenName = `forever ${Date.now().toString(36)}`;
  await page.getByLabel("Token name").fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toBeVisible();
  const row = page
    .getByRole("table", { name: "Your API tokens" })
    .getByRole("row")
    .filter({ hasText: tokenName });
  await expect(row.getByRole("button", { name: `Revoke ${tokenName}` })).toBeVisible();
});

test("sign-up with a short password names the password field", async ({ page }) => {
  const user = uniqueUser("Short");
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();

  const alert = page.getByRole("alert").filter({ hasText: "password" });
  await expect(alert.getByRole("listitem")).toHaveText(/^password\s+must have at least 10 characters/);
  await expect(page).toHaveURL(/\/signup/);
  await expect(accountLink(page, user.name)).toHaveCount(0);
});
