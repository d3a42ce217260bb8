import { and, eq, sql } from "drizzle-orm";
import type { Actor } from "@/lib/auth/actor";
import { getBlackBox } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { blackBoxes, challenges } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { type SubmissionSettings, submissionSettings } from "./config";

/** A box as the API paths name it: by challenge and box slug, or by box slug alone. */
export type BoxRef = { challengeSlug: string; boxSlug: string } | { boxSlug: string };

/**
 * Find a box by challenge and box slug, or by box slug alone (the short API path): a slug that names
 * boxes in several challenges the actor can see is refused with the two-slug path to use instead.
 */
export async function resolveBox(db: Db, actor: Actor | null, ref: BoxRef) {
  if ("challengeSlug" in ref) return getBlackBox(db, actor, ref.challengeSlug, ref.boxSlug);
  const rows = await db
    .select({ challengeSlug: challenges.slug })
    .from(blackBoxes)
    .innerJoin(challenges, eq(challenges.id, blackBoxes.challengeId))
    .where(and(eq(blackBoxes.slug, ref.boxSlug), sql`${blackBoxes.status} <> 'draft'`));
  const visible: string[] = [];
  for (const r of rows) {
    try {
      await getBlackBox(db, actor, r.challengeSlug, ref.boxSlug);
      visible.push(r.challengeSlug);
    } catch {
      // not visible to this actor
    }
  }
  if (visible.length === 0) throw notFound("Black box");
  if (visible.length > 1) {
    throw new AppError(
      "conflict",
      `Several challenges have a black box "${ref.boxSlug}" (${visible.join(", ")}); use /api/v1/challenges/{challenge}/boxes/${ref.boxSlug}/submissions.`,
    );
  }
  return getBlackBox(db, actor, visible[0] as string, ref.boxSlug);
}

/** A box as a request resolved it (resolveBox, getBlackBox), with its submission settings parsed. */
export type LoadedBox = Awaited<ReturnType<typeof resolveBox>> & { settings: SubmissionSettings };

/**
 * The box of an upload request (or of the team's submissions to it), resolved once and its settings
 * parsed once: the route reads the body with `settings.maxUploadBytes` and hands the same object to
 * createSubmission, the box page hands its box to teamSubmissions.
 */
export async function getBoxForUpload(db: Db, actor: Actor | null, ref: BoxRef): Promise<LoadedBox> {
  const found = await resolveBox(db, actor, ref);
  return { ...found, settings: submissionSettings(found.box) };
}
