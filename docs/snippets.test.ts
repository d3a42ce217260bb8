import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExampleValues, errorInOutput, jsonValues, snippetsOf } from "./snippets";

const root = path.resolve(import.meta.dirname, "..");
const pages = fs
  .readdirSync(path.join(root, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");

describe("the snippets of docs/", () => {
  it("every page parses, every not-run marker says why and every run-as names a reader the test has", () => {
    let run = 0;
    let notRun = 0;
    for (const file of pages) {
      for (const s of snippetsOf(file, read(file))) {
        if (s.notRun) {
          expect(s.notRun.length, `${file}:${s.line}`).toBeGreaterThan(10);
          notRun++;
        } else run++;
        if (s.runAs) expect(["admin", "teammate", "another"], `${file}:${s.line}`).toContain(s.runAs);
      }
    }
    // Most of the snippets run: those that do not are installs, servers, production operations and
    // states the e2e server does not have (a revealed box, files from Zenodo).
    expect(run).toBeGreaterThan(notRun);
  });

  it("the e2e test runs every page that has a snippet to run", () => {
    const e2e = read("tests/e2e/docs-snippets.e2e.ts");
    for (const file of pages)
      if (snippetsOf(file, read(file)).some((s) => !s.notRun))
        expect(e2e, `${file} has snippets to run but is not in PAGES`).toContain(`"${file}"`);
  });

  it("reads languages, indented fences, markers and the example output that follows", () => {
    const md = [
      "Intro",
      "<!-- not-run: starts a server of its own -->",
      "```sh",
      "npm start",
      "```",
      "- In a list:",
      "  <!-- run-as: admin -->",
      "  ```bash",
      '  curl -s "$ARENA_URL/api/v1/users"',
      "  ```",
      "",
      "  `200`:",
      "",
      "  ```json",
      '  { "users": [] }',
      "  ```",
      "```python",
      "print(1)",
      "```",
      "Some prose that is much longer than one short status line.",
      "```json",
      "{}",
      "```",
      "```ini",
      "[x]",
      "```",
    ].join("\n");
    const s = snippetsOf("x.md", md);
    expect(s.map((x) => [x.language, x.line, x.notRun, x.runAs, x.expected])).toEqual([
      ["sh", 3, "starts a server of its own", undefined, undefined],
      ["sh", 8, undefined, "admin", '{ "users": [] }\n'],
      ["python", 17, undefined, undefined, undefined],
    ]);
    expect(s[1]?.code).toBe('curl -s "$ARENA_URL/api/v1/users"\n');
    expect(() => snippetsOf("y.md", "<!-- not-run: -->\n```sh\nx\n```\n")).toThrow(/must say why/);
  });
});

describe("example values", () => {
  it("learns example ids from outputs and puts the live ones into later snippets", () => {
    const v = new ExampleValues({ "http://localhost:3000": "http://127.0.0.1:9" });
    const live = "11111111-2222-4333-8444-555555555555";
    expect(
      v.compare(
        '{ "team": { "id": "0252b061-…", "name": "x" }, "token": "Kkj0ZMoUccd" }',
        `{"team":{"id":"${live}","name":"y","extra":1},"token":"abcdef"}`,
      ),
    ).toEqual([]);
    expect(
      v.apply({
        file: "a.md",
        line: 1,
        code: 'curl "http://localhost:3000/teams/0252b061-020e-4fbc-9a24-9ddbd92cb98a/x" /invites/Kkj0ZMoUccd',
      }),
    ).toBe(`curl "http://127.0.0.1:9/teams/${live}/x" /invites/abcdef`);
    // The newest output wins: a later example of the same id rebinds it.
    const newer = "99999999-2222-4333-8444-555555555555";
    v.compare('{"id": "0252b061-…"}', `{"id": "${newer}"}`);
    expect(v.apply({ file: "a.md", line: 2, code: "0252b061-020e-4fbc-9a24-9ddbd92cb98a" })).toBe(newer);
  });

  it("refuses an example id that no earlier output taught", () => {
    const v = new ExampleValues();
    expect(() => v.apply({ file: "a.md", line: 7, code: "x/7ed359c2-ca92-4fed-a273-8a1526ce1da3" })).toThrow(
      /a\.md:7: example id 7ed359c2-ca92-4fed-a273-8a1526ce1da3 is not in the output/,
    );
  });

  it("finds a missing key, a wrong error code and an error where a success was shown", () => {
    const v = new ExampleValues();
    expect(v.compare('{"tokens": [{"id": "x", "prefix": "p"}]}', '{"tokens": [{"id": "y"}]}')).toEqual([
      "tokens[0].prefix: missing from the output",
    ]);
    expect(
      v.compare(
        '{"error": {"code": "validation"}}',
        '{"error": {"code": "auth:forbidden", "message": "no"}}',
      )[0],
    ).toMatch(/expected the error validation, got the error auth:forbidden/);
    expect(v.compare('{"ok": true}', '{"error": {"code": "internal"}}')[0]).toMatch(
      /expected a success, got the error internal/,
    );
    expect(v.compare('{"ok": true}', "<html>404</html>")[0]).toMatch(/not one JSON value/);
    // An example that elides with "…" outside a string is not JSON and is not compared.
    expect(v.compare('{ "team": { …team object… } }', "anything")).toEqual([]);
  });

  it("reads JSON after curl -i's headers and several responses printed back to back", () => {
    expect(jsonValues('HTTP/1.1 503 Service Unavailable\r\ncontent-type: x\r\n\r\n{"ok":false}')).toEqual([
      { ok: false },
    ]);
    expect(jsonValues('{"a":"}{"}{"b":[1,{"c":"\\""}]}\nplain text')).toEqual([
      { a: "}{" },
      { b: [1, { c: '"' }] },
    ]);
    expect(errorInOutput('{"challenges":[]}{"error":{"code":"not_found","message":"x"}}')).toBe("not_found");
    expect(errorInOutput('scored: Z = 3.1\n{"ok": true}')).toBeUndefined();
  });
});
