import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, errorBody, forbidden, infrastructureError, unauthenticated } from "./errors";
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

describe("infrastructureError", () => {
  const wrapped = (cause: object) =>
    new Error('Failed query: select "id" from "users" where "id" = $1\nparams: alice@secret.example', {
      cause: Object.assign(new Error("driver error"), cause),
    });

  it("maps an unreachable database, through drizzle's wrapper, to a 503 that leaks no SQL", () => {
    for (const code of ["ECONNREFUSED", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "57P01", "57P03", "08006"]) {
      const { status, body } = errorBody(wrapped({ code }));
      expect([code, status, (body.error as { code: string }).code]).toEqual([
        code,
        503,
        "database_unavailable",
      ]);
      expect(JSON.stringify(body)).not.toMatch(/secret|select|params/);
    }
  });

  it("maps a full disk or quota to 507 storage_full", () => {
    for (const code of ["ENOSPC", "EDQUOT"])
      expect(errorBody(Object.assign(new Error(`${code}: no space left on device`), { code })).status).toBe(
        507,
      );
  });

  it("leaves other database and file errors alone (500)", () => {
    expect(infrastructureError(wrapped({ code: "23505" }))).toBeUndefined();
    expect(infrastructureError(Object.assign(new Error("EACCES"), { code: "EACCES" }))).toBeUndefined();
    expect(errorBody(wrapped({ code: "42P01" })).status).toBe(500);
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

describe("bad input from below lib/", () => {
  it("is answered as validation (422) with its fields, and a file's machine code as details.reason", async () => {
    const { errorBody } = await import("./errors");
    const { invalidInput } = await import("@/scorer/metrics");
    const { ScoreFileError } = await import("@/core/formats/errors");
    const claim = errorBody(invalidInput("mass", "mass must be positive"));
    expect(claim.status).toBe(422);
    expect(claim.body.error).toEqual({
      code: "validation",
      message: "mass must be positive",
      details: { fields: [{ field: "mass", message: "mass must be positive" }] },
    });
    const file = errorBody(new ScoreFileError("upload:nan", "s.npy: row 3 is NaN", { row: 3 }));
    expect(file.status).toBe(422);
    expect(file.body.error.details).toEqual({ reason: "upload:nan", row: 3 });
  });
});
