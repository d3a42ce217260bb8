/**
 * Test fixtures for the shared server: `baseURL` points at it, `arena` holds the demo passwords
 * it printed, and the helpers below drive the sign-up and sign-in forms.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test as base, expect, type Page } from "@playwright/test";
import { ARENA_ENV, type ArenaInfo, readArenaInfo } from "./shared";

export const DEMO_SLUG = "lhc-olympics-demo";
export const DEMO_TITLE = "LHC Olympics demo";

export const test = base.extend<{ arena: ArenaInfo }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  arena: async ({}, use) => {
    const info = readArenaInfo();
    if (!info)
      throw new Error(`${ARENA_ENV} is not set: run through playwright.config.ts (its globalSetup).`);
    await use(info);
  },
  // The port is chosen at run time, after the config was read, so baseURL comes from here.
  baseURL: async ({ arena }, use) => use(arena.baseURL),
});
export { expect };

export type NewUser = { name: string; email: string; password: string };

/** A user nobody else in this run uses, so tests stay independent. */
export function uniqueUser(label: string): NewUser {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    name: `E2E ${label} ${tag}`,
    email: `e2e-${label.toLowerCase()}-${tag}@test.arena`,
    password: `correct horse ${tag}`,
  };
}

/** The header's account link, which only a signed-in user has. */
export const accountLink = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

export async function signUp(page: Page, user: NewUser): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Name").fill(user.name);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // A fresh server may still be building the demo's boxes: give the first sign-in room.
  await expect(accountLink(page, user.name)).toBeVisible({ timeout: 30_000 });
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** The demo challenge is created by a background job after start: reload until it is listed. */
export async function waitForDemoChallenge(page: Page): Promise<void> {
  await expect(async () => {
    await page.goto("/");
    await expect(page.getByRole("link", { name: DEMO_TITLE })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

/**
 * Download a box's public file into `dir` and score it as a physicist would in a notebook: the
 * heavier jet mass, with h5py and numpy, written as an `event_id,score` CSV. Returns the CSV's path.
 */
export async function heavierJetMassScores(page: Page, challenge: string, box: string, dir: string) {
  const pub = await page.request.get(`/api/files/${challenge}/${box}/public.h5`);
  expect(pub.status()).toBe(200);
  const h5 = path.join(dir, "public.h5");
  const csv = path.join(dir, "scores.csv");
  fs.writeFileSync(h5, await pub.body());
  execFileSync("/usr/bin/python3", [
    "-c",
    [
      "import sys, h5py, numpy as np",
      "f = h5py.File(sys.argv[1], 'r')",
      "names = [n.decode() if isinstance(n, bytes) else n for n in f['events/feature_names'][:]]",
      "X = f['events/features'][:]",
      "s = np.maximum(X[:, names.index('mj1')], X[:, names.index('mj2')])",
      "np.savetxt(sys.argv[2], np.column_stack([f['events/event_id'][:], s]), fmt=['%d', '%.6f'], delimiter=',', header='event_id,score', comments='')",
    ].join("\n"),
    h5,
    csv,
  ]);
  return csv;
}

/**
 * A new API token for the user signed in on `page`, through the API as the account page would
 * create it (page.request sends the session cookie but no Origin: the app's pages send one).
 */
export async function apiToken(page: Page, baseURL: string | undefined, name: string): Promise<string> {
  const tok = await page.request.post("/api/v1/tokens", {
    data: { name },
    headers: { origin: baseURL ?? "" },
  });
  expect(tok.status(), await tok.text()).toBe(201);
  return ((await tok.json()) as { token: string }).token;
}

/**
 * A signed-up user (already signed in on `page`) gets a team in the demo challenge and an API token,
 * and the demo's bb1 is waited for until it serves its public file (jobs build and open it after the
 * first start). Returns the team's name and the token.
 */
export async function notebookUser(page: Page, baseURL: string | undefined, label: string) {
  // page.request sends the session cookie but no Origin: add the one the app's pages would send.
  const origin = { origin: baseURL ?? "" };
  const team = `${label} ${Date.now().toString(36)}`;
  const created = await page.request.post(`/api/v1/challenges/${DEMO_SLUG}/teams`, {
    data: { name: team },
    headers: origin,
  });
  expect(created.status(), await created.text()).toBe(201);
  const token = await apiToken(page, baseURL, label.toLowerCase());
  await expect(async () => {
    const r = await page.request.get(`/api/files/${DEMO_SLUG}/bb1/public.h5`, {
      headers: { range: "bytes=0-7" },
    });
    expect(r.status()).toBe(206);
  }).toPass({ timeout: 90_000 });
  return { team, token };
}
