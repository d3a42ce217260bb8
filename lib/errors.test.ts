import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, errorBody, forbidden, unauthenticated } from "./errors";
import { parseInput } from "./validation";

describe("errorBody", () => {
  it("maps codes to statuses and keeps the shared envelope", () => {
    expect(errorBody(unauthenticated()).status).toBe(401);
    expect(errorBody(forbidden("do that")).body).toEqual({
      error: { code: "auth:forbidden", message: "You are not allowed to do that." },
    });
    expect(errorBody(new AppError("validation", "bad")).status).toBe(422);
  });

  it("never shows the message of an unexpected error", () => {
    const { status, body } = errorBody(new Error("connection to 10.0.0.5 failed: password=hunter2"));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain("hunter2");
  });
});

describe("parseInput", () => {
  it("throws a 422 naming every invalid field", () => {
    const schema = z.object({ a: z.string().min(2, "too short"), b: z.object({ c: z.number() }) });
    try {
      parseInput(schema, { a: "x", b: { c: "no" } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).details?.fields?.map((f) => f.field)).toEqual(["a", "b.c"]);
      expect((e as AppError).message).toMatch(/^Invalid input — a: too short; b\.c: /);
    }
  });
});

describe("describeForLog", () => {
  it("keeps the SQL but drops its bound values", async () => {
    const { describeForLog } = await import("./errors");
    const e = new Error('Failed query: insert into "users" values ($1, $2)\nparams: a@b.c,$2b$11$secret', {
      cause: new Error("duplicate key value violates unique constraint"),
    });
    const line = describeForLog(e);
    expect(line).toContain('insert into "users"');
    expect(line).toContain("params: [redacted]");
    expect(line).not.toContain("$2b$11$secret");
    expect(line).toContain("caused by: duplicate key");
  });
});
