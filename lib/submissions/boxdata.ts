import type { BlackBox } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { readPublicFeature } from "@/core/formats";
import { readNpy } from "@/core/formats/npy";
import { blobStore } from "@/lib/storage";
import { derivedCache } from "@/lib/storage/derived-cache";
import { type DiscoverySettings, scoringColumnKey, scoringMass } from "@/scorer/bumphunt/scoring-config";

/**
 * `mass` is the scoring mass: the mass feature where the event passes the box's preselection, NaN
 * where it does not; empty for a box without a resonance-mass feature (no discovery metric).
 */
export type BoxEvents = { eventIds: BigInt64Array; mass: Float64Array };

/** The column cache's `feature` for boxes without a mass feature: (event_id, 0) pairs. */
export const NO_MASS_COLUMN = "(no mass)";

/** Public files are immutable (content-addressed), so a small cache by SHA-256 is always right. */
export const BOX_EVENTS_CACHED = 4;
const cache = derivedCache<BoxEvents>(BOX_EVENTS_CACHED);

/**
 * The event ids (file order) and the mass feature of a built box's public file. Only public data:
 * safe in the web process (uploads are validated against the ids) and in the worker.
 */
export function boxEvents(
  box: Pick<BlackBox, "publicBlob" | "slug" | "scoringColumns">,
  settings: Pick<DiscoverySettings, "massFeature" | "preselection">,
): Promise<BoxEvents> {
  const sha = box.publicBlob;
  if (!sha) throw new AppError("conflict", `Black box ${box.slug} has no public file yet.`);
  const cols = box.scoringColumns;
  const column = scoringColumnKey(settings) ?? NO_MASS_COLUMN;
  return cache(`${sha}:${column}`, async () => {
    if (cols?.feature === column) {
      // The build's column cache: .npy [N, 2] = (event_id, scoring mass), no HDF5 library needed.
      const r = readNpy(blobStore().read(cols.blob), `${box.slug}-columns.npy`);
      if (!r.eventIds) throw new Error(`${box.slug}: the column cache has no event ids`);
      return { eventIds: r.eventIds, mass: settings.massFeature ? r.scores : new Float64Array(0) };
    }
    // Without a mass feature, readPublicFeature gives the event ids and no values.
    const bytes = blobStore().read(sha);
    const first = await readPublicFeature(bytes, `${box.slug}.h5`, settings.massFeature);
    const values = new Map<string, ArrayLike<number>>();
    if (settings.massFeature) values.set(settings.massFeature, first.values);
    const read = async (name: string) => {
      if (!values.has(name))
        values.set(name, (await readPublicFeature(bytes, `${box.slug}.h5`, name)).values);
    };
    if (settings.preselection) {
      await read("eta1");
      await read("eta2");
    }
    return { eventIds: first.eventIds, mass: scoringMass(settings, (name) => values.get(name)!) };
  });
}
