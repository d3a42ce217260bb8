import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import type { UserRole } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { signUp, toActor } from "@/lib/users";

let n = 0;
export const TEST_PASSWORD = "correct horse battery";

/** A uniquely named user with the given global role, as an Actor. */
export async function makeUser(db: Db, role: UserRole = "participant", name?: string): Promise<Actor> {
  n += 1;
  const tag = `${role}${n}-${Math.random().toString(36).slice(2, 8)}`;
  const user = await signUp(
    db,
    { email: `${tag}@test.arena`, name: name ?? tag, password: TEST_PASSWORD },
    role,
  );
  return toActor(user, "session");
}

/** The AppError code a call fails with, or "ok" — for compact permission and validation checks. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}
