import "server-only";
import { sql } from "drizzle-orm";
import { getDbHandle } from "@/lib/db/client";
import { workerHealth } from "@/lib/jobs/workers";

export type Health = {
  ok: boolean;
  db: "pglite" | "postgres";
  worker: { alive: boolean; lastBeat: string | null };
  device: string;
};

/** `ok` means the database answers and a worker beat recently. */
export async function getHealth(): Promise<Health> {
  const { db, kind } = await getDbHandle();
  await db.execute(sql`select 1`);
  const w = await workerHealth(db);
  return { ok: w.alive, db: kind, worker: { alive: w.alive, lastBeat: w.lastBeat }, device: w.device };
}
