import bcrypt from "bcryptjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signUpAction } from "@/app/(auth)/actions";
import { authenticateWithPassword } from "@/lib/auth/sign-in";
import { findUserByEmail } from "@/lib/users";
import { testDatabases, useAppDatabase } from "../support/db";
import { codeOf } from "../support/fixtures";

// Issue 15 item 11: sign-up said "An account with this email already exists", and a wrong password
// for a real account cost a bcrypt comparison while an unknown email compared against a malformed
// "dummy" hash that bcrypt rejects at once (~181 ms against ~12 ms).

const source = vi.hoisted(() => ({ ip: "192.0.2.1" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-arena-client-ip": source.ip }) }));

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe.each(testDatabases())("no account enumeration, on $name", ({ open }) => {
  const h = useAppDatabase(open);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("answers sign-up the same for a taken and a free email, and leaves the taken one alone", async () => {
    const first = await signUpAction(
      form({ email: "taken@example.org", name: "Owner", password: "owner passphrase" }),
    );
    expect(first.ok).toBe(true);
    const owner = await findUserByEmail(h.db, "taken@example.org");
    source.ip = "192.0.2.2";
    const probe = await signUpAction(
      form({ email: "Taken@example.org", name: "Probe", password: "probe passphrase" }),
    );
    const fresh = await signUpAction(
      form({ email: "free@example.org", name: "Probe", password: "probe passphrase" }),
    );
    expect(probe).toEqual({ ok: true, data: { email: "taken@example.org" } });
    expect(fresh).toEqual({ ok: true, data: { email: "free@example.org" } });
    expect(JSON.stringify(probe)).not.toMatch(/exist|already|registered/i);
    // The probe changed nothing: same name, same password.
    expect(await findUserByEmail(h.db, "taken@example.org")).toEqual(owner);
  });

  it("does the same bcrypt work for an unknown email as for a wrong password", async () => {
    const known = await findUserByEmail(h.db, "taken@example.org");
    const compare = vi.spyOn(bcrypt, "compare");
    expect(
      await codeOf(authenticateWithPassword(h.db, "taken@example.org", "wrong password", "192.0.2.50")),
    ).toBe("auth:invalid_credentials");
    expect(
      await codeOf(authenticateWithPassword(h.db, "nobody@example.org", "wrong password", "192.0.2.50")),
    ).toBe("auth:invalid_credentials");
    expect(compare).toHaveBeenCalledTimes(2);
    const [[, realHash], [, dummyHash]] = compare.mock.calls as unknown as [
      [string, string],
      [string, string],
    ];
    expect(realHash).toBe(known?.passwordHash);
    // The dummy is a well-formed bcrypt hash (60 characters) of the same cost, so bcrypt runs it in full.
    const wellFormed = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
    expect(dummyHash).toMatch(wellFormed);
    expect(bcrypt.getRounds(dummyHash)).toBe(bcrypt.getRounds(realHash));
  });
});
