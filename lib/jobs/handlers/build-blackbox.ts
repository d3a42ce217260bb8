import {
  buildBoxFiles,
  buildEvents,
  ensureSalt,
  recordBuild,
  recordBuildFailure,
} from "@/lib/blackboxes/build";
import { findBox } from "@/lib/blackboxes/find";
import { transitionBlackBox } from "@/lib/blackboxes/lifecycle";
import { discardImportedBox, isImportSpec } from "@/lib/imports";
import { isImportError } from "@/lib/imports/types";
import { jobs } from "@/lib/jobs/definitions";
import { handle } from "../types";

/**
 * Build a black box: generate its events from the stored spec and seed (or import them from the
 * organizer's real-data files, lib/imports), write the public HDF5 and the sealed truth HDF5, store
 * both as blobs, and record the commitment (SHA-256 of the truth file). Idempotent: the salt is
 * stored with the spec on first use, so a re-run after a crash writes the very same truth bytes and
 * the same commitment. An import whose files are wrong deletes its draft box (nothing half-built is
 * kept) and fails the job with the importer's message.
 */
export const buildBlackboxJob = handle(jobs.buildBlackbox, {
  handler: async ({ boxId, openWhenBuilt }, ctx) => {
    const box = await findBox(ctx.db, boxId);
    if (!box) return { skipped: "box deleted" };
    if (box.status !== "draft") return { skipped: `box is ${box.status}` };
    const spec = box.spec;
    if (!spec) throw new Error(`box ${box.slug} has no spec to build from`);
    const salt = await ensureSalt(ctx.db, boxId, spec);
    try {
      const built = await buildEvents(spec, (m) => ctx.progress(0, 4, m));
      const files = await buildBoxFiles(box, built, salt, ctx.progress);
      await recordBuild(ctx.db, boxId, files, spec, salt, built);
      // The demo's boxes open themselves; an organizer's box waits for the organizer.
      if (openWhenBuilt) await transitionBlackBox(ctx.db, null, { boxId }, "open");
      await ctx.progress(4, 4, "built");
      return { events: files.eventCount, publicSha256: files.publicBlob, publicSize: files.publicSize };
    } catch (e) {
      if (isImportSpec(spec) && isImportError(e)) {
        // The organizer's files are wrong: no box is kept (the job's error tells what to fix).
        await discardImportedBox(ctx.db, box);
        throw e;
      }
      await recordBuildFailure(ctx.db, boxId, e);
      throw e;
    }
  },
});
