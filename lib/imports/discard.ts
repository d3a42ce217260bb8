import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type BlackBox, blackBoxes } from "@/lib/db/schema";
import { blobStore } from "@/lib/storage";

/**
 * Delete a draft box whose import failed, so no half-built box is left behind, and the uploaded
 * source files that no other box refers to (blobs are content-addressed and may be shared).
 */
export async function discardImportedBox(db: Db, box: Pick<BlackBox, "id" | "spec">): Promise<void> {
  await db.delete(blackBoxes).where(eq(blackBoxes.id, box.id));
  const sources = (box.spec as { import?: { sources?: { blob: string }[] } }).import?.sources ?? [];
  for (const { blob } of sources) {
    const [used] = await db
      .select({ id: blackBoxes.id })
      .from(blackBoxes)
      .where(sql`${blackBoxes.spec}::text like ${`%${blob}%`}`)
      .limit(1);
    if (!used) blobStore().remove(blob);
  }
}
