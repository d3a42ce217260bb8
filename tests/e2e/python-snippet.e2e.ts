import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import { DEMO_SLUG, expect, notebookUser, signUp, test, uniqueUser } from "./support/arena";

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
  const { token } = await notebookUser(page, baseURL, "Notebook");

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
