import path from "node:path";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { generateEventsParallel } from "@/blackboxes/generator/parallel";
import type { Seed } from "@/blackboxes/generator/seed";
import { dataSummary } from "@/lib/blackboxes/data-summary";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { blackBoxes } from "@/lib/db/schema";
import { truthCommitment, writeTruthFile } from "@/core/formats";
import {
  discardImportedBox,
  importEvents,
  isImportSpec,
  resolveSources,
  writeBoxPublicFile,
} from "@/lib/imports";
import type { ImportSpec } from "@/lib/imports";
import { unitsOf } from "@/lib/imports/mix";
import { type BoxEvents, isImportError } from "@/lib/imports/types";
import { npyBytes } from "@/core/formats/npy";
import { randomSecret } from "@/lib/secrets";
import { NO_MASS_COLUMN } from "@/lib/submissions/boxdata";
import { submissionSettings } from "@/lib/submissions/config";
import { type BuildCheck, buildCheckOf } from "@/lib/submissions/build-check";
import { discovery } from "@/scorer/bumphunt/discovery";
import { featuresNeeded, scoringColumnKey, scoringMass } from "@/scorer/bumphunt/scoring-config";
import { blobStore, ensurePrivateDir } from "@/lib/storage";
import { defineJob } from "../types";
import { SQRT_S_GEV } from "@/core/events";

/**
 * Build a black box: generate its events from the stored spec and seed (or import them from the
 * organizer's real-data files, lib/imports), write the public HDF5 and the sealed truth HDF5, store
 * both as blobs, and record the commitment (SHA-256 of the truth file). Idempotent: the salt is
 * stored with the spec on first use, so a re-run after a crash writes the very same truth bytes and
 * the same commitment. An import whose files are wrong deletes its draft box (nothing half-built is
 * kept) and fails the job with the importer's message.
 */
export const buildBlackboxJob = defineJob({
  kind: "blackbox-build",
  payload: z.object({
    boxId: z.string().uuid(),
    /** Lets the organizer's import page read the job after a failed import deleted its box. */
    challengeId: z.string().uuid().optional(),
    openWhenBuilt: z.boolean().optional(),
  }),
  handler: async ({ boxId, openWhenBuilt }, ctx) => {
    const [box] = await ctx.db.select().from(blackBoxes).where(eq(blackBoxes.id, boxId)).limit(1);
    if (!box) return { skipped: "box deleted" };
    if (box.status !== "draft") return { skipped: `box is ${box.status}` };
    const spec = box.spec as BoxSpec;
    let salt = spec.salt;
    if (!salt) {
      salt = randomSecret(24);
      await ctx.db
        .update(blackBoxes)
        .set({ spec: { ...spec, salt } })
        .where(eq(blackBoxes.id, boxId));
    }
    try {
      const built = isImportSpec(spec)
        ? await importEvents(spec.import.format, resolveSources(spec.import), {
            seed: spec.seed,
            signals: spec.import.signals,
            progress: (m) => ctx.progress(0, 4, m),
          })
        : await generated(spec, (m) => ctx.progress(0, 4, m));
      const n = built.labels.length;
      await ctx.progress(1, 4, `writing the public file (${n} events)`);
      const store = blobStore();
      const tmp = path.join(store.root, `build-${box.id}-${process.pid}.h5.tmp`);
      ensurePrivateDir(store.root);
      await writeBoxPublicFile(tmp, built, box.slug, (m) => ctx.progress(1, 4, m));
      await ctx.progress(2, 4, "writing the sealed truth file");
      const truthBytes = await writeTruthFile({
        labels: built.labels,
        eventIds: built.eventIds,
        params: built.params,
        salt,
      });
      await ctx.progress(3, 4, "storing files");
      const pub = await store.putFile(tmp);
      const truth = store.put(truthBytes);
      // Column cache for uploads and scoring: (event_id, scoring mass) as .npy, no HDF5 needed — the
      // mass feature, NaN where the preselection fails; a box without a mass feature caches (event_id, 0).
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
      // The box build check (SCORING §2): the plain bump hunt with the box's config, shown to the
      // organizer before the box opens. Public data only (the mass column).
      let buildCheck: BuildCheck | null = null;
      if (mass) {
        await ctx.progress(3, 4, "box build check: the plain bump hunt");
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
      // What the box page draws of the data: every public feature's histogram, all events (no labels).
      const summary = dataSummary(built.features, built.featureNames, built.units, settings.massFeature);
      await ctx.db
        .update(blackBoxes)
        .set({
          buildStatus: "built",
          buildError: null,
          publicBlob: pub.sha256,
          publicSize: pub.size,
          truthBlob: truth.sha256,
          truthCommitment: truthCommitment(truthBytes),
          scoringColumns: columns,
          buildCheck,
          dataSummary: summary,
          eventCount: n,
          featureSchema: { names: built.featureNames, units: built.units },
          // An import learns its components (labels, names, event counts) only now; claims are
          // matched against them at the reveal (lib/submissions/truth).
          ...(isImportSpec(spec)
            ? { spec: { ...spec, salt, import: { ...spec.import, components: built.params.components } } }
            : {}),
          updatedAt: new Date(),
        })
        .where(eq(blackBoxes.id, boxId));
      // The demo's boxes open themselves; an organizer's box waits for the organizer.
      if (openWhenBuilt) await transitionBlackBox(ctx.db, null, { boxId }, "open");
      await ctx.progress(4, 4, "built");
      return { events: n, publicSha256: pub.sha256, publicSize: pub.size };
    } catch (e) {
      if (isImportSpec(spec) && isImportError(e)) {
        // The organizer's files are wrong: no box is kept (the job's error tells what to fix).
        await discardImportedBox(ctx.db, box);
        throw e;
      }
      await ctx.db
        .update(blackBoxes)
        .set({ buildStatus: "failed", buildError: e instanceof Error ? e.message : String(e) })
        .where(eq(blackBoxes.id, boxId));
      throw e;
    }
  },
});

type GeneratedSpec = { generator: unknown; seed: Seed; salt?: string };
type BoxSpec = GeneratedSpec | { import: ImportSpec; seed: Seed; salt?: string };

/** A generated box's events (rows shuffled by the generator; ids are row numbers, so say nothing). */
async function generated(spec: GeneratedSpec, progress: (m: string) => Promise<void>): Promise<BoxEvents> {
  await progress("generating events");
  const events = await generateEventsParallel(spec.generator, spec.seed);
  const n = events.labels.length;
  return {
    features: events.features,
    featureNames: events.featureNames,
    units: unitsOf(events.featureNames),
    eventIds: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)),
    labels: events.labels,
    params: {
      components: events.componentParams,
      generatorVersion: events.generatorVersion,
      seed: spec.seed,
    },
    sqrtS: SQRT_S_GEV,
  };
}
