import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { challenges } from "@/lib/db/schema";

export async function resolveChallengeSlug(db: Db, challengeId: string): Promise<string> {
  const [c] = await db
    .select({ slug: challenges.slug })
    .from(challenges)
    .where(eq(challenges.id, challengeId))
    .limit(1);
  return c?.slug ?? "";
}
