import { eq } from "drizzle-orm";
import { writeAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import type { Db } from "@/lib/db/client";
import { challengeOrganizers, challenges, type UserRole, users } from "@/lib/db/schema";
import { builtinBoxes, scaledGenerator } from "@/lib/blackboxes/builtin";
import { checkedBoxJson } from "@/lib/blackboxes/box-json";
import { createDraftBox } from "@/lib/blackboxes/draft";
import { parseBoxInput } from "@/lib/blackboxes/lifecycle";
import { env } from "@/lib/env";
import { newSeed, randomSecret } from "@/lib/secrets";
import { drawDemoSignals } from "./draw";
import { findUserByEmail } from "@/lib/users";

export const DEMO_CHALLENGE_SLUG = "lhc-olympics-demo";

export const DEMO_ACCOUNTS: { email: string; name: string; role: UserRole }[] = [
  { email: "organizer@demo.arena", name: "Demo Organizer", role: "organizer" },
  { email: "alice@demo.arena", name: "Alice (demo participant)", role: "participant" },
  { email: "bob@demo.arena", name: "Bob (demo participant)", role: "participant" },
];

export type DemoCredential = { email: string; password: string; role: UserRole };

/**
 * Create the demo accounts that do not exist yet, with fresh random passwords. Returns the
 * credentials of the accounts created now — the only time the plain passwords exist.
 */
export async function ensureDemoAccounts(db: Db): Promise<DemoCredential[]> {
  const created: DemoCredential[] = [];
  for (const acc of DEMO_ACCOUNTS) {
    if (await findUserByEmail(db, acc.email)) continue;
    const password = randomSecret(12);
    const rows = await db
      .insert(users)
      .values({
        email: acc.email,
        name: acc.name,
        role: acc.role,
        passwordHash: await hashPassword(password),
      })
      .onConflictDoNothing()
      .returning({ id: users.id });
    if (rows.length) created.push({ email: acc.email, password, role: acc.role });
  }
  return created;
}

const DESCRIPTION = [
  "A replay of the LHC Olympics 2020 anomaly-detection challenge.",
  "Each black box holds simulated dijet events at √s = 13 TeV. In 2020 one black box hid a W′ → XY resonance among a million QCD events, one held no signal at all, and one hid a resonance with two decay modes that nobody found. This demo's blind boxes are not the 2020 answers: their resonance masses and signal sizes were drawn when this server first started, and stay sealed until the reveal.",
  "Form a team, download a black box, run your method offline, and upload per-event anomaly scores or a resonance claim (mass, width, number of signal events, p-value). The reference bump hunter scores every upload the same way, and the truth is revealed after the deadline.",
].join("\n\n");

/** Step 1 of the demo seed: the challenge itself (idempotent by slug). */
export async function ensureDemoChallenge(db: Db): Promise<string> {
  const [existing] = await db
    .select()
    .from(challenges)
    .where(eq(challenges.slug, DEMO_CHALLENGE_SLUG))
    .limit(1);
  if (existing) return existing.id;
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(challenges)
      .values({
        slug: DEMO_CHALLENGE_SLUG,
        title: "LHC Olympics demo",
        summary: "Find the resonance hidden in simulated dijet events — a replay of the LHC Olympics 2020.",
        description: DESCRIPTION,
        status: "published",
        maxTeamSize: 5,
      })
      .onConflictDoNothing()
      .returning();
    if (!c) {
      const [again] = await tx.select().from(challenges).where(eq(challenges.slug, DEMO_CHALLENGE_SLUG));
      if (!again) throw new Error("demo challenge vanished");
      return again.id;
    }
    await writeAudit(tx, {
      challengeId: c.id,
      actor: null,
      action: "challenge.create",
      targetType: "challenge",
      targetId: c.id,
      details: { slug: c.slug, by: "demo seed" },
    });
    return c.id;
  });
}

/** Step 2: the demo organizer organizes the demo challenge (idempotent). */
export async function ensureDemoOrganizer(db: Db, challengeId: string, email: string): Promise<boolean> {
  const user = await findUserByEmail(db, email);
  if (!user) return false;
  const added = await db
    .insert(challengeOrganizers)
    .values({ challengeId, userId: user.id })
    .onConflictDoNothing()
    .returning();
  if (added.length) {
    await writeAudit(db, {
      challengeId,
      actor: null,
      action: "organizer.add",
      targetType: "user",
      targetId: user.id,
      details: { email, by: "demo seed" },
    });
  }
  return true;
}

/**
 * Step 3: the four built-in boxes (R&D, BB1–BB3), as published (`events` null) or scaled to `events`
 * per box (default: this process's ARENA_DEMO_EVENTS; the seed job passes the value of the process
 * that created the demo), each with a fresh 256-bit secret seed and — the blind ones — freshly drawn
 * signals (`drawDemoSignals`), each queued for a build that opens it when done. Idempotent by slug;
 * returns the slugs created now.
 */
export async function ensureDemoBoxes(
  db: Db,
  challengeId: string,
  demoEvents: number | null | undefined = env().ARENA_DEMO_EVENTS,
): Promise<string[]> {
  const created: string[] = [];
  const events = demoEvents ?? undefined;
  for (const b of builtinBoxes()) {
    const generator = scaledGenerator(b, events);
    const drawn = drawDemoSignals(b.slug, generator.events);
    // Validated as an organizer's box is; stored with the total and the background count.
    const box = checkedBoxJson(
      parseBoxInput({
        slug: b.slug,
        title: b.title,
        description: events
          ? `${b.description} (Demo: ${events.toLocaleString("en-US")} events.)`
          : b.description,
        mode: b.mode,
        spec: { generator: drawn ? { ...generator, signals: drawn } : generator, seed: newSeed() },
        scoringConfig: b.scoringConfig,
        quotas: b.quotas,
      }),
    );
    const done = await createDraftBox(db, challengeId, null, box, {
      build: { openWhenBuilt: true },
      audit: { slug: b.slug, by: "demo seed" },
    });
    if (done) created.push(b.slug);
  }
  return created;
}
