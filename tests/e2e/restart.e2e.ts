/**
 * Data survives a restart of the embedded (PGlite) server. Runs its own server on its own data
 * directory so the shared one is left alone.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  accountLink,
  DEMO_SLUG,
  expect,
  signIn,
  signUp,
  test,
  uniqueUser,
  waitForDemoChallenge,
} from "./support/arena";
import { type ArenaServer, freePort, startServer } from "./support/server";

test("users, tokens and teams survive a restart, and demo passwords print only once", async ({
  browser,
  playwright,
}) => {
  // Two server starts (about 5–10 s each after the build) plus the flows in between.
  test.setTimeout(240_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "arena-e2e-restart-"));
  const port = await freePort();
  // A deployment keeps its AUTH_SECRET across restarts; so do we, to check sessions survive too.
  const authSecret = randomBytes(32).toString("hex");
  const start = () => startServer({ dataDir, port, authSecret, timeoutMs: 90_000 });
  let server: ArenaServer = await start();
  try {
    expect(server.credentials.map((c) => c.email)).toContain("organizer@demo.arena");
    const context = await browser.newContext({ baseURL: server.baseURL });
    const page = await context.newPage();
    const user = uniqueUser("Restart");
    await signUp(page, user);

    await page.goto("/account");
    const tokenName = `survivor ${Date.now().toString(36)}`;
    await page.getByLabel("Token name").fill(tokenName);
    await page.getByLabel("Expires after (days)").fill("30");
    await page.getByRole("button", { name: "Create token" }).click();
    await expect(page.getByTestId("new-token")).toBeVisible();
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";

    await waitForDemoChallenge(page);
    await page.goto(`/challenges/${DEMO_SLUG}`);
    const teamName = `Restarters ${Date.now().toString(36)}`;
    await page.getByLabel("Team name").fill(teamName);
    await page.getByRole("button", { name: "Create team" }).click();
    await expect(page.getByRole("heading", { level: 1, name: teamName, exact: true })).toBeVisible();

    // SIGTERM lets the worker finish its current job first (a demo box build, slow on a loaded
    // machine): allow for it before counting the exit as hung.
    expect(await server.stop(120_000), "graceful SIGTERM shutdown exits 0").toBe(0);
    server = await start();
    console.log(`restart: second start healthy after ${server.startupSeconds.toFixed(1)} s`);
    expect(server.output()).toContain("Demo accounts exist already");
    expect(server.output()).not.toContain("password:");

    // The old session cookie is still good.
    await page.goto("/account");
    await expect(accountLink(page, user.name)).toBeVisible();
    await context.close();

    // And a fresh sign-in finds the token and the team.
    const fresh = await browser.newContext({ baseURL: server.baseURL });
    const again = await fresh.newPage();
    await signIn(again, user.email, user.password);
    await expect(accountLink(again, user.name)).toBeVisible();
    await again.goto("/account");
    const tokens = again.getByRole("table", { name: "Your API tokens" });
    await expect(tokens.getByRole("row").filter({ hasText: tokenName })).toBeVisible();
    await expect(again.getByRole("link", { name: teamName, exact: true })).toBeVisible();
    await fresh.close();

    const api = await playwright.request.newContext();
    const me = await api.get(`${server.baseURL}/api/v1/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status()).toBe(200);
    const body = (await me.json()) as { user: { email: string }; teams: { name: string }[] };
    expect(body.user.email).toBe(user.email);
    expect(body.teams.map((t) => t.name)).toContain(teamName);
    await api.dispose();
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
