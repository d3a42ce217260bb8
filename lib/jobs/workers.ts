import os from "node:os";
import { desc, eq, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { workers } from "@/lib/db/schema";

/** A worker counts as alive when it beat within this many seconds. */
export const WORKER_ALIVE_SECONDS = 30;

export async function registerWorker(db: Db, id: string, mode: "embedded" | "standalone", device: string) {
  // Rows of workers that stopped beating a day ago (killed, or their machine gone) are history.
  await db.delete(workers).where(lt(workers.lastBeat, sql`now() - interval '1 day'`));
  await db.insert(workers).values({ id, hostname: os.hostname(), pid: process.pid, mode, device });
}

export async function beatWorker(db: Db, id: string): Promise<void> {
  // Database time, not this machine's clock: health is judged against the same clock.
  await db.update(workers).set({ lastBeat: sql`now()` }).where(eq(workers.id, id));
}

export async function stopWorker(db: Db, id: string): Promise<void> {
  await db.update(workers).set({ stoppedAt: sql`now()` }).where(eq(workers.id, id));
}

export type WorkerHealth = { alive: boolean; lastBeat: string | null; device: string };

export async function workerHealth(db: Db): Promise<WorkerHealth> {
  const [latest] = await db
    .select({
      lastBeat: workers.lastBeat,
      device: workers.device,
      alive: sql<boolean>`${workers.lastBeat} > now() - make_interval(secs => ${WORKER_ALIVE_SECONDS})`,
    })
    .from(workers)
    .where(isNull(workers.stoppedAt))
    .orderBy(desc(workers.lastBeat))
    .limit(1);
  if (!latest) return { alive: false, lastBeat: null, device: "none" };
  return { alive: latest.alive === true, lastBeat: latest.lastBeat.toISOString(), device: latest.device };
}
