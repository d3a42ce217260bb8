import { accountLink, DEMO_SLUG, expect, signIn, signUp, test, uniqueUser } from "./support/arena";

// Issue 15 items 5 and 8 on the running server: the pages work under the Content-Security-Policy
// (nothing refused, every script carries the nonce), every response has the security headers,
// and a session cookie copied before sign-out no longer signs anyone in.

test("pages run under a nonce CSP with no violations, and responses carry the security headers", async ({
  page,
  baseURL,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(e.message));

  const res = await page.goto("/signin");
  const h = res?.headers() ?? {};
  const csp = h["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(h["strict-transport-security"]).toBeUndefined(); // plain http here
  // Every script element of the page carries this response's nonce.
  const scripts = await page
    .locator("script")
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  for (const n of scripts) expect(n).toBe(nonce);

  // Client-side code works: sign up, which signs in from the browser and navigates.
  const user = uniqueUser("CSP");
  await signUp(page, user);
  await page.goto("/account");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);

  for (const path of ["/api/health", "/api/v1/me"]) {
    const r = await page.request.get(`${baseURL}${path}`);
    expect(r.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(r.headers()["x-frame-options"], path).toBe("DENY");
  }
});

test("a session cookie copied before sign-out does not work after it", async ({ page, browser, baseURL }) => {
  const user = uniqueUser("Leaver");
  await signUp(page, user);
  const copied = await page.context().cookies();
  expect(copied.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }),
  ).toBeVisible();

  const thief = await browser.newContext({ baseURL });
  await thief.addCookies(copied);
  const stolen = await thief.newPage();
  await stolen.goto("/account");
  await expect(stolen).toHaveURL(/\/signin/);
  expect((await stolen.request.get("/api/v1/me")).status()).toBe(401);
  await thief.close();

  // The owner signs in again as usual.
  await signIn(page, user.email, user.password);
  await expect(accountLink(page, user.name)).toBeVisible();
});

test("an anonymous leaderboard kept in memory is served under a fresh nonce; signed-in views never are", async ({
  page,
  browser,
  baseURL,
  arena,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(e.message));
  // A box of the demo challenge that anonymous visitors can see (the demo builds and opens them).
  let box = "";
  await expect(async () => {
    const r = await page.request.get(`${baseURL}/api/v1/challenges/${DEMO_SLUG}/boxes`);
    const list = (await r.json()) as { boxes?: { slug: string }[] } | { slug: string }[];
    const boxes = Array.isArray(list) ? list : (list.boxes ?? []);
    expect(boxes.length).toBeGreaterThan(0);
    box = boxes[0]!.slug;
  }).toPass({ timeout: 60_000 });
  const url = `/challenges/${DEMO_SLUG}/boxes/${box}/leaderboard`;

  const nonces: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    const h = res?.headers() ?? {};
    if (i > 0) expect(h["x-arena-cache"]).toBe("hit");
    const nonce = /'nonce-([^']+)'/.exec(h["content-security-policy"] ?? "")?.[1];
    expect(nonce).toBeTruthy();
    nonces.push(nonce!);
    // Every script carries this response's nonce, and the page's client code runs (hydrated tabs).
    const scripts = await page
      .locator("script")
      .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    for (const n of scripts) expect(n).toBe(nonce);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Leaderboard");
  }
  expect(new Set(nonces).size).toBe(3);
  await page
    .getByRole("navigation", { name: "Submission kind" })
    .getByRole("link", { name: "Claims" })
    .click();
  await expect(page).toHaveURL(/kind=claim/);
  expect(violations).toEqual([]);

  // Signed in, the same page is rendered for this user (their account link), never from memory.
  const ctx = await browser.newContext({ baseURL });
  const signedIn = await ctx.newPage();
  await signIn(signedIn, arena.organizer.email, arena.organizer.password);
  await expect(accountLink(signedIn, "Demo Organizer")).toBeVisible();
  const res = await signedIn.goto(url);
  expect(res?.headers()["x-arena-cache"]).toBeUndefined();
  await expect(accountLink(signedIn, "Demo Organizer")).toBeVisible();
  await ctx.close();
});
