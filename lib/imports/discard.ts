import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import type { BoxSpec, ImportedBoxSpec } from "@/lib/db/json";
import { blackBoxes } from "@/lib/db/schema";
import { blobStore } from "@/lib/storage";

/**
 * Delete a draft box whose import failed, so no half-built box is left behind, and the uploaded
 * source files that no other box refers to (blobs are content-addressed and may be shared).
 */
export async function discardImportedBox(
  db: Db,
  box: { id: string; spec: BoxSpec | { import: Pick<ImportedBoxSpec["import"], "sources"> } | null },
): Promise<void> {
  await db.delete(blackBoxes).where(eq(blackBoxes.id, box.id));
  const sources = box.spec && "import" in box.spec ? box.spec.import.sources : [];
  for (const { blob } of sources) {
    const [used] = await db
      .select({ id: blackBoxes.id })
      .from(blackBoxes)
      .where(sql`${blackBoxes.spec}::text like ${`%${blob}%`}`)
      .limit(1);
    if (!used) blobStore().remove(blob);
  }
}
