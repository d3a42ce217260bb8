import { eq } from "drizzle-orm";
import { z } from "zod";
import { generateEventsParallel } from "@/blackboxes/generator/parallel";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { blackBoxes } from "@/lib/db/schema";
import { truthCommitment, writePublicFile, writeTruthFile } from "@/lib/formats";
import { npyBytes } from "@/lib/formats/npy";
import { randomSecret } from "@/lib/secrets";
import { submissionSettings } from "@/lib/submissions/config";
import { blobStore } from "@/lib/storage";
import { defineJob } from "../types";

/**
 * Build a black box: generate its events from the stored spec and seed, write the public HDF5 and
 * the sealed truth HDF5, store both as blobs, and record the commitment (SHA-256 of the truth file).
 * Idempotent: the salt is stored with the spec on first use, so a re-run after a crash writes the
 * very same bytes and the same commitment.
 */
export const buildBlackboxJob = defineJob({
  kind: "blackbox-build",
  payload: z.object({ boxId: z.string().uuid(), openWhenBuilt: z.boolean().optional() }),
  handler: async ({ boxId, openWhenBuilt }, ctx) => {
    const [box] = await ctx.db.select().from(blackBoxes).where(eq(blackBoxes.id, boxId)).limit(1);
    if (!box) return { skipped: "box deleted" };
    if (box.status !== "draft") return { skipped: `box is ${box.status}` };
    const spec = box.spec as { generator: unknown; seed: number; salt?: string };
    let salt = spec.salt;
    if (!salt) {
      salt = randomSecret(24);
      await ctx.db
        .update(blackBoxes)
        .set({ spec: { ...spec, salt } })
        .where(eq(blackBoxes.id, boxId));
    }
    try {
      await ctx.progress(0, 4, "generating events");
      const events = await generateEventsParallel(spec.generator, spec.seed);
      const n = events.labels.length;
      // Rows are shuffled by the generator; ids are row numbers, so they say nothing about labels.
      const eventIds = BigInt64Array.from({ length: n }, (_, i) => BigInt(i));
      await ctx.progress(1, 4, `writing the public file (${n} events)`);
      const publicBytes = await writePublicFile({
        features: events.features,
        featureNames: events.featureNames,
        eventIds,
        attrs: { slug: box.slug, version: 1, sqrtS: 13_000, units: "GeV" },
      });
      await ctx.progress(2, 4, "writing the sealed truth file");
      const truthBytes = await writeTruthFile({
        labels: events.labels,
        eventIds,
        params: {
          components: events.componentParams,
          generatorVersion: events.generatorVersion,
          seed: spec.seed,
        },
        salt,
      });
      await ctx.progress(3, 4, "storing files");
      const store = blobStore();
      const pub = store.put(publicBytes);
      const truth = store.put(truthBytes);
      // Column cache for uploads and scoring: (event_id, mass feature) as .npy, no HDF5 needed.
      const feature = submissionSettings(box).massFeature;
      const j = events.featureNames.indexOf(feature);
      const pairs = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) {
        pairs[2 * i] = i;
        pairs[2 * i + 1] = j < 0 ? 0 : (events.features[i * events.featureNames.length + j] as number);
      }
      const columns = j < 0 ? null : { feature, blob: store.put(npyBytes(pairs, [n, 2])).sha256 };
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
          eventCount: n,
          featureSchema: {
            names: events.featureNames,
            units: events.featureNames.map((f) => (f.startsWith("m") || f.startsWith("pt") ? "GeV" : "")),
          },
          updatedAt: new Date(),
        })
        .where(eq(blackBoxes.id, boxId));
      // The demo's boxes open themselves; an organizer's box waits for the organizer.
      if (openWhenBuilt) await transitionBlackBox(ctx.db, null, { boxId }, "open");
      await ctx.progress(4, 4, "built");
      return { events: n, publicSha256: pub.sha256, publicSize: pub.size };
    } catch (e) {
      await ctx.db
        .update(blackBoxes)
        .set({ buildStatus: "failed", buildError: e instanceof Error ? e.message : String(e) })
        .where(eq(blackBoxes.id, boxId));
      throw e;
    }
  },
});
