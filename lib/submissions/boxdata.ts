import type { BlackBox } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { readPublicFeature } from "@/lib/formats";
import { readNpy } from "@/lib/formats/npy";
import { blobStore } from "@/lib/storage";
import { derivedCache } from "@/lib/storage/derived-cache";

export type BoxEvents = { eventIds: BigInt64Array; mass: Float64Array };

/** Public files are immutable (content-addressed), so a small cache by SHA-256 is always right. */
const cache = derivedCache<BoxEvents>(4);

/**
 * The event ids (file order) and the mass feature of a built box's public file. Only public data:
 * safe in the web process (uploads are validated against the ids) and in the worker.
 */
export function boxEvents(
  box: Pick<BlackBox, "publicBlob" | "slug" | "scoringColumns">,
  massFeature: string,
): Promise<BoxEvents> {
  const sha = box.publicBlob;
  if (!sha) throw new AppError("conflict", `Black box ${box.slug} has no public file yet.`);
  const cols = box.scoringColumns;
  return cache(`${sha}:${massFeature}`, () =>
    cols?.feature === massFeature
      ? // The build's column cache: .npy [N, 2] = (event_id, mass), no HDF5 library needed.
        Promise.resolve(cols.blob).then((blob) => {
          const r = readNpy(blobStore().read(blob), `${box.slug}-columns.npy`);
          if (!r.eventIds) throw new Error(`${box.slug}: the column cache has no event ids`);
          return { eventIds: r.eventIds, mass: r.scores };
        })
      : readPublicFeature(blobStore().read(sha), `${box.slug}.h5`, massFeature).then((r) => ({
          eventIds: r.eventIds,
          mass: Float64Array.from(r.values),
        })),
  );
}
