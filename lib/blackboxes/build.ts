import path from "node:path";
import { eq } from "drizzle-orm";
import { npyBytes } from "@/core/formats/npy";
import { dataSummary } from "@/lib/blackboxes/data-summary";
import type { Db } from "@/lib/db/client";
import { type BlackBox, blackBoxes } from "@/lib/db/schema";
import { importEvents, isImportSpec, resolveSources } from "@/lib/imports";
import type { BoxEvents } from "@/lib/imports/types";
import { randomSecret } from "@/lib/secrets";
import { blobStore, ensurePrivateDir } from "@/lib/storage";
import { NO_MASS_COLUMN } from "@/lib/submissions/boxdata";
import { type BuildCheck, buildCheckOf } from "@/lib/submissions/build-check";
import { submissionSettings } from "@/lib/submissions/config";
import { discovery } from "@/scorer/bumphunt/discovery";
import { featuresNeeded, scoringColumnKey, scoringMass } from "@/scorer/bumphunt/scoring-config";
import { generatedEvents, writeBoxFiles } from "./box-files";

/** A box's stored spec: a generator spec or an import, its seed, and the truth file's salt once drawn. */
export type BoxSpec = NonNullable<BlackBox["spec"]>;

type Progress = (step: number, of: number, message: string) => Promise<void>;

/**
 * The salt of the box's truth file: drawn on the first build and stored with the spec at once, so a
 * build that runs again after a crash writes the very same truth bytes and commitment.
 */
export async function ensureSalt(db: Db, boxId: string, spec: BoxSpec): Promise<string> {
  if (spec.salt) return spec.salt;
  const salt = randomSecret(24);
  await db
    .update(blackBoxes)
    .set({ spec: { ...spec, salt } })
    .where(eq(blackBoxes.id, boxId));
  return salt;
}

/** A box's events: generated from its spec and seed, or imported from the organizer's files. */
export async function buildEvents(
  spec: BoxSpec,
  progress: (message: string) => Promise<void>,
): Promise<BoxEvents> {
  if (isImportSpec(spec))
    return importEvents(spec.import.format, resolveSources(spec.import), {
      seed: spec.seed,
      signals: spec.import.signals,
      progress,
    });
  await progress("generating events");
  return generatedEvents(spec);
}

/** What a build stores on the box row (see recordBuild). */
export type BuiltBox = Pick<
  BlackBox,
  | "publicBlob"
  | "publicSize"
  | "truthBlob"
  | "truthCommitment"
  | "scoringColumns"
  | "buildCheck"
  | "dataSummary"
  | "eventCount"
  | "featureSchema"
>;

/**
 * Write a box's files into the blob store — the public HDF5 and the sealed truth file
 * (box-files.ts), the column cache scoring and uploads read, (event_id, scoring mass) as .npy — and
 * compute what the organizer sees before opening it: the box build check (SCORING §2, the plain
 * bump hunt with the box's config) and the data summary. Public data only, besides the truth file.
 * Progress: steps 1–3 of 4.
 */
export async function buildBoxFiles(
  box: Pick<BlackBox, "id" | "slug" | "scoringConfig" | "quotas">,
  built: BoxEvents,
  salt: string,
  progress: Progress,
): Promise<BuiltBox> {
  const n = built.labels.length;
  const store = blobStore();
  const tmp = path.join(store.root, `build-${box.id}-${process.pid}.h5.tmp`);
  ensurePrivateDir(store.root);
  const { truth: truthBytes, commitment } = await writeBoxFiles(tmp, built, {
    slug: box.slug,
    salt,
    progress: (step, m) => progress(step, 4, m),
  });
  await progress(3, 4, "storing files");
  const pub = await store.putFile(tmp);
  const truth = store.put(truthBytes);
  // The mass feature, NaN where the preselection fails; a box without a mass feature caches (event_id, 0).
  const settings = submissionSettings(box);
  const nf = built.featureNames.length;
  const missing = featuresNeeded(settings).filter((f) => !built.featureNames.includes(f));
  const mass =
    missing.length > 0 || settings.massFeature === null
      ? null
      : scoringMass(settings, (name) => {
          const j = built.featureNames.indexOf(name);
          return Float64Array.from({ length: n }, (_, i) => built.features[i * nf + j] as number);
        });
  const pairs = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    pairs[2 * i] = Number(built.eventIds[i]);
    pairs[2 * i + 1] = mass ? mass[i]! : 0;
  }
  const key = scoringColumnKey(settings);
  const columns =
    key !== null && !mass
      ? null
      : { feature: key ?? NO_MASS_COLUMN, blob: store.put(npyBytes(pairs, [n, 2])).sha256 };
  let buildCheck: BuildCheck | null = null;
  if (mass) {
    await progress(3, 4, "box build check: the plain bump hunt");
    // 1000 refitted toys resolve the gof p to 0.001 against α_gof = 0.01: ample for a diagnostic.
    const npe = Math.min(settings.discovery.npe ?? 1000, 1000);
    buildCheck = buildCheckOf(
      await discovery(new Float64Array(n).fill(1), mass, {
        ...settings.discovery,
        npe,
        cutEfficiencies: [1],
      }),
    );
  }
  return {
    publicBlob: pub.sha256,
    publicSize: pub.size,
    truthBlob: truth.sha256,
    truthCommitment: commitment,
    scoringColumns: columns,
    buildCheck,
    // What the box page draws of the data: every public feature's histogram, all events (no labels).
    dataSummary: dataSummary(built.features, built.featureNames, built.units, settings.massFeature),
    eventCount: n,
    featureSchema: { names: built.featureNames, units: built.units },
  };
}

/**
 * Record a finished build on the box. An import learns its components (labels, names, event counts)
 * only now: they are stored in its spec, and claims are matched against them at the reveal
 * (lib/submissions/truth).
 */
export async function recordBuild(
  db: Db,
  boxId: string,
  files: BuiltBox,
  spec: BoxSpec,
  salt: string,
  built: BoxEvents,
): Promise<void> {
  await db
    .update(blackBoxes)
    .set({
      buildStatus: "built",
      buildError: null,
      ...files,
      ...(isImportSpec(spec)
        ? { spec: { ...spec, salt, import: { ...spec.import, components: built.params.components } } }
        : {}),
      updatedAt: new Date(),
    })
    .where(eq(blackBoxes.id, boxId));
}

/** Record a failed build: the organizer sees the error on the box and may build it again. */
export async function recordBuildFailure(db: Db, boxId: string, error: unknown): Promise<void> {
  await db
    .update(blackBoxes)
    .set({ buildStatus: "failed", buildError: error instanceof Error ? error.message : String(error) })
    .where(eq(blackBoxes.id, boxId));
}
