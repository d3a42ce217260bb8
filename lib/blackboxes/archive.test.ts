import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { archiveRefusal, parseArchivedFilter } from "./archive";

const at = new Date("2026-03-01T12:00:00Z");

describe("archiveRefusal", () => {
  it("lets a revealed box be archived, and an archived one be unarchived", () => {
    expect(archiveRefusal({ slug: "b", status: "revealed", archivedAt: null }, true)).toBeNull();
    expect(archiveRefusal({ slug: "b", status: "revealed", archivedAt: at }, false)).toBeNull();
  });
  it("names the state of a box that is not revealed, and what to do instead", () => {
    expect(archiveRefusal({ slug: "b", status: "draft", archivedAt: null }, true)).toBe(
      'Black box "b" is draft: only a revealed box can be archived. A draft can be deleted instead.',
    );
    for (const status of ["open", "closed"] as const)
      expect(archiveRefusal({ slug: "b", status, archivedAt: null }, true)).toBe(
        `Black box "b" is ${status}: only a revealed box can be archived. Close and reveal it first.`,
      );
  });
  it("refuses a second archive (with the date) and unarchiving a box that is not archived", () => {
    expect(archiveRefusal({ slug: "b", status: "revealed", archivedAt: at }, true)).toBe(
      'Black box "b" is already archived (since 2026-03-01T12:00:00.000Z).',
    );
    for (const status of ["draft", "open", "closed", "revealed"] as const)
      expect(archiveRefusal({ slug: "b", status, archivedAt: null }, false)).toBe(
        'Black box "b" is not archived.',
      );
  });
});

describe("parseArchivedFilter", () => {
  it("reads absent or empty as every box, and true/false as themselves", () => {
    expect(parseArchivedFilter(null)).toBeUndefined();
    expect(parseArchivedFilter("")).toBeUndefined();
    expect(parseArchivedFilter("true")).toBe(true);
    expect(parseArchivedFilter("false")).toBe(false);
  });
  it("refuses anything else with a validation error naming the field", () => {
    for (const v of ["1", "yes", "False", "maybe"]) {
      let error: unknown;
      try {
        parseArchivedFilter(v);
      } catch (e) {
        error = e;
      }
      expect(error, v).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "validation", details: { fields: [{ field: "archived" }] } });
    }
  });
});
