import os from "node:os";
import { desc, eq, isNull, lt } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { workers } from "@/lib/db/schema";

/** A worker counts as alive when it beat within this many seconds. */
export const WORKER_ALIVE_SECONDS = 30;

export async function registerWorker(db: Db, id: string, mode: "embedded" | "standalone", device: string) {
  // Rows of workers that stopped beating a day ago (killed, or their machine gone) are history.
  await db.delete(workers).where(lt(workers.lastBeat, new Date(Date.now() - 86_400_000)));
  await db.insert(workers).values({ id, hostname: os.hostname(), pid: process.pid, mode, device });
}

export async function beatWorker(db: Db, id: string): Promise<void> {
  await db.update(workers).set({ lastBeat: new Date() }).where(eq(workers.id, id));
}

export async function stopWorker(db: Db, id: string): Promise<void> {
  await db.update(workers).set({ stoppedAt: new Date() }).where(eq(workers.id, id));
}

export type WorkerHealth = { alive: boolean; lastBeat: string | null; device: string };

export async function workerHealth(db: Db): Promise<WorkerHealth> {
  const [latest] = await db
    .select()
    .from(workers)
    .where(isNull(workers.stoppedAt))
    .orderBy(desc(workers.lastBeat))
    .limit(1);
  if (!latest) return { alive: false, lastBeat: null, device: "none" };
  const alive = Date.now() - latest.lastBeat.getTime() < WORKER_ALIVE_SECONDS * 1000;
  return { alive, lastBeat: latest.lastBeat.toISOString(), device: latest.device };
}
