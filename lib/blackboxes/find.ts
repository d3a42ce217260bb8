import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { type BlackBox, blackBoxes } from "@/lib/db/schema";

/**
 * A box by id, as stored (spec, seed and truth included: for the worker, never to be sent as is);
 * undefined when it was deleted. No permission check: jobs and the scheduler act for the server.
 */
export async function findBox(db: Db, boxId: string): Promise<BlackBox | undefined> {
  const [box] = await db.select().from(blackBoxes).where(eq(blackBoxes.id, boxId)).limit(1);
  return box;
}
