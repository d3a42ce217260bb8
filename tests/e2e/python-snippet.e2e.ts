import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { DEMO_SLUG, expect, signUp, test, uniqueUser } from "./support/arena";

const run = promisify(execFile);

/** The snippet between the markers of docs/how-to-submit.md, exactly as a user would copy it. */
function snippet(): string {
  const doc = fs.readFileSync("docs/how-to-submit.md", "utf8");
  const m = /<!-- snippet:python:start -->\s*```python\n([\s\S]*?)```\s*<!-- snippet:python:end -->/.exec(
    doc,
  );
  if (!m?.[1]) throw new Error("docs/how-to-submit.md: no python snippet between the markers");
  return m[1];
}

test("the Python snippet of docs/how-to-submit.md downloads bb1, uploads scores and reads the discovery Z", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const user = uniqueUser("Python");
  await signUp(page, user);
  // page.request sends the session cookie but no Origin: add the one the app's pages would send.
  const origin = { origin: baseURL ?? "" };
  const team = await page.request.post(`/api/v1/challenges/${DEMO_SLUG}/teams`, {
    data: { name: `Notebook ${Date.now().toString(36)}` },
    headers: origin,
  });
  expect(team.status(), await team.text()).toBe(201);
  const tok = await page.request.post("/api/v1/tokens", { data: { name: "notebook" }, headers: origin });
  expect(tok.status(), await tok.text()).toBe(201);
  const token = ((await tok.json()) as { token: string }).token;
  // The demo boxes are built and opened by jobs after the first start.
  await expect(async () => {
    const r = await page.request.get(`/api/files/${DEMO_SLUG}/bb1/public.h5`, {
      headers: { range: "bytes=0-7" },
    });
    expect(r.status()).toBe(206);
  }).toPass({ timeout: 90_000 });

  const { stdout } = await run("/usr/bin/python3", ["-c", snippet()], {
    env: {
      ...process.env,
      ARENA_URL: baseURL,
      ARENA_TOKEN: token,
      ARENA_CHALLENGE: DEMO_SLUG,
      ARENA_BOX: "bb1",
    },
    timeout: 150_000,
  });
  expect(stdout).toMatch(/^accepted [0-9a-f-]{36} quota left: \d+$/m);
  expect(stdout).toMatch(
    /^scored: global Z = -?[\d.]+(e[-+]?\d+)? at cut [\d.e-]+ bump at [\d.]+ GeV ?(\(extrapolated\))?$/m,
  );
});
