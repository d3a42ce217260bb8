import { BUILTIN_SEARCH_P, DEFAULT_PRESELECTION } from "@/scorer/bumphunt/scoring-config";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { requireActor, requireChallengeOrganizer } from "@/lib/auth/permissions";
import { boxFieldsSchema, insertDraftBox, requestBuild, seedSchema } from "@/lib/blackboxes/lifecycle";
import { getChallenge } from "@/lib/challenges";
import type { Db } from "@/lib/db/client";
import { blackBoxes } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { getJob } from "@/lib/jobs/queue";
import { newSeed } from "@/lib/secrets";
import { blobStore } from "@/lib/storage";
import { parseInput } from "@/lib/validation";
import { discardImportedBox } from "./discard";
import { type ImportSpec, importSpecSchema } from "./spec";
import { stagedFile } from "./staging";
import { IMPORT_FORMATS, IMPORT_ROLE_NAMES } from "./types";

/** The body of POST /api/v1/challenges/{slug}/imports: the box's fields and its staged files. */
export const createImportSchema = boxFieldsSchema.extend({
  format: z.enum(IMPORT_FORMATS, { message: `must be one of ${IMPORT_FORMATS.join(", ")}` }),
  files: z
    .array(
      z.object({
        upload: z.string().min(1).max(100),
        role: z.enum(IMPORT_ROLE_NAMES),
      }),
    )
    .min(1, "give at least one staged file")
    .max(64),
  signals: importSpecSchema.shape.signals,
  seed: seedSchema,
});

/**
 * Create a draft box from staged import files (organizers only; audited) and queue its build: the
 * files move into the blob store, the spec records format, files and roles (truth: signal files
 * are named after their process), and the build job imports, clusters and writes the box. Boxes
 * without a resonance mass (ADC2021, Dark Machines) get `massFeature: null` and rank by TPR at
 * FPR = 10⁻⁵. When the build finds the files wrong the box is deleted again (see the build job).
 */
export async function createImportBox(db: Db, actor: Actor | null, challengeSlug: string, input: unknown) {
  const challenge = await getChallenge(db, requireActor(actor), challengeSlug);
  await requireChallengeOrganizer(db, actor, challenge, "import data into this challenge");
  const data = parseInput(createImportSchema, input);
  const { format, files, signals, seed, ...fields } = data;
  const staged = files.map((f, i) => ({ ...f, ...stagedFile(f.upload, challenge.id, `files[${i}].upload`) }));
  // Hashed while staged; if the box cannot be created (a taken slug …) the uploads stay staged.
  const sources: ImportSpec["sources"] = staged.map((f) => ({ role: f.role, name: f.name, blob: f.sha256 }));
  const noMass = format !== "lhco";
  const view = await insertDraftBox(db, actor, challenge, {
    ...fields,
    spec: { import: { format, sources, ...(signals ? { signals } : {}) }, seed: seed ?? newSeed() },
    scoringConfig: {
      // LHCO jets have η: the discovery metric preselects |Δη| < 1.3 as the built-in boxes do.
      ...(noMass
        ? { massFeature: null, primaryMetric: "tprAt1e5" }
        : { preselection: { ...DEFAULT_PRESELECTION }, searchP: BUILTIN_SEARCH_P }),
      ...fields.scoringConfig,
    },
  });
  try {
    const store = blobStore();
    for (const f of staged) {
      store.adoptFile(f.path, f.sha256);
      f.remove();
    }
    // One attempt: an import's files do not get better on a retry, and a failed one deletes its box.
    const { jobId } = await requestBuild(db, actor, challengeSlug, view.slug, { maxAttempts: 1 });
    return { box: view, jobId };
  } catch (e) {
    await discardImportedBox(db, { id: view.id, spec: { import: { sources } } });
    throw e instanceof AppError ? e : new AppError("internal", "The import could not be queued.");
  }
}

/**
 * An import's build job as its organizers see it: state, progress, the error that stopped it (the
 * importer's message naming the file and the fix) and the box it built. Organizers of the challenge
 * only; the job must be a build of this challenge.
 */
export async function importJobStatus(db: Db, actor: Actor | null, challengeSlug: string, jobId: string) {
  const challenge = await getChallenge(db, requireActor(actor), challengeSlug);
  await requireChallengeOrganizer(db, actor, challenge, "follow imports of this challenge");
  const job = z.string().uuid().safeParse(jobId).success ? await getJob(db, jobId) : undefined;
  if (job?.kind !== "blackbox-build" || job.payload.challengeId !== challenge.id)
    throw notFound("Import job");
  const [box] = await db
    .select({ slug: blackBoxes.slug, buildStatus: blackBoxes.buildStatus, eventCount: blackBoxes.eventCount })
    .from(blackBoxes)
    .where(eq(blackBoxes.id, String(job.payload.boxId)))
    .limit(1);
  return {
    status: job.status,
    progress: job.progress ?? null,
    error: job.status === "dead" ? (job.lastError ?? "the build failed") : null,
    box: box ?? null,
  };
}
