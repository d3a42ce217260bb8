import { accountLink, expect, signIn, signUp, test, uniqueUser } from "./support/arena";

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
