import { describe, expect, it, vi } from "vitest";
import { signUpAction } from "@/app/(auth)/actions";
import { signUpLimits } from "@/lib/auth/sign-up";
import { findUserByEmail } from "@/lib/users";
import { testDatabases, useAppDatabase } from "../support/db";

// Issue 15 item 17: sign-up had no throttle; one address could create accounts without end.

const source = vi.hoisted(() => ({ ip: "203.0.113.20" }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-arena-client-ip": source.ip }) }));

const signUpAs = (ip: string, email: string) => {
  source.ip = ip;
  const f = new FormData();
  f.set("email", email);
  f.set("name", "Bot");
  f.set("password", "bot passphrase 1");
  return signUpAction(f);
};

describe.each(testDatabases())("sign-up is throttled per source, on $name", ({ open }) => {
  const h = useAppDatabase(open);

  it("refuses a source past the limit and creates nothing more, while others still sign up", async () => {
    const results = [];
    for (let i = 0; i < signUpLimits().perSource + 5; i++) {
      results.push(await signUpAs("203.0.113.20", `bot${i}@example.org`));
    }
    expect(results.filter((r) => r.ok)).toHaveLength(signUpLimits().perSource);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.message).toMatch(/Too many sign-ups/);
    expect(await findUserByEmail(h.db, `bot${signUpLimits().perSource}@example.org`)).toBeUndefined();
    expect((await signUpAs("203.0.113.21", "human@example.org")).ok).toBe(true);
  });
});
