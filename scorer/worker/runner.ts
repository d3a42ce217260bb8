import { randomUUID } from "node:crypto";
import os from "node:os";
import { warmToyPool } from "@/scorer/bumphunt/parallel";
import { describeDevice, deviceLabel, getDevice } from "@/scorer/compute/device";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/schema";
import { scrubSqlParams } from "@/lib/errors";
import { claimJob, completeJob, failJob, heartbeatJob } from "@/lib/jobs/queue";
import { beatWorker, registerWorker, stopWorker } from "@/lib/jobs/workers";
import { JOB_DEFINITIONS } from "./jobs";
import { warmUpScorer } from "./warmup";
import type { JobDefinition } from "./types";

export type WorkerOptions = {
  db: Db;
  mode: "embedded" | "standalone";
  leaseSeconds: number;
  /** How long to wait between polls when the queue is empty. */
  pollMs?: number;
  definitions?: Record<string, JobDefinition>;
  device?: string;
  log?: (line: string) => void;
  /**
   * Warm the scorer up as the worker starts (servers: `npm start`, `npm run worker`): see
   * warmUpScorer. Otherwise only the pseudo-experiment threads are started.
   */
  warmUp?: boolean;
};

export type RunningWorker = {
  id: string;
  /** Stop claiming, let the current job finish, and mark the worker stopped. */
  stop: () => Promise<void>;
  /** Resolves when the queue has no runnable job (for tests and one-shot runs). */
  idle: () => Promise<void>;
  /** Resolves when the start-up warm-up is over (at once without `warmUp`); never rejects. */
  warmedUp: Promise<void>;
};

class LeaseLost extends Error {}

/**
 * Claim and run jobs until stopped. The job's lease is extended by a heartbeat every third of the
 * lease; a worker that dies simply stops beating, and the job is re-claimed once the lease runs out.
 */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const { db, leaseSeconds } = opts;
  const defs = opts.definitions ?? JOB_DEFINITIONS;
  const log = opts.log ?? ((l: string) => console.log(l));
  const pollMs = opts.pollMs ?? 1000;
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // The device this worker scores on (ARENA_DEVICE): shown in the worker list and /api/health.
  await registerWorker(db, id, opts.mode, opts.device ?? deviceLabel(describeDevice(await getDevice())));
  // Jobs are claimed meanwhile: the warm-up only makes the first scoring as quick as the later ones.
  // Without it the pseudo-experiment threads still load in the background, ready for the first job.
  const warmedUp = opts.warmUp ? warmUpScorer(log, db) : Promise.resolve(warmToyPool());

  let stopping = false;
  let wake: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];
  const beat = setInterval(() => {
    beatWorker(db, id).catch((e) =>
      log(`worker ${id}: heartbeat failed: ${scrubSqlParams((e as Error).message)}`),
    );
  }, 5000);
  beat.unref();

  async function runOne(job: Job): Promise<void> {
    const def = defs[job.kind];
    if (!def) {
      await failJob(db, { ...job, maxAttempts: job.attempts }, id, `no handler for job kind "${job.kind}"`);
      return;
    }
    let lost = false;
    const keepAlive = setInterval(
      () => {
        heartbeatJob(db, job, id, leaseSeconds)
          .then((ok) => {
            lost ||= !ok;
          })
          .catch(() => {});
      },
      Math.max(200, (leaseSeconds * 1000) / 3),
    );
    const started = Date.now();
    try {
      const payload = def.payload.parse(job.payload);
      const result = await def.handler(payload, {
        db,
        job,
        log: (m) => log(`job ${job.kind} ${job.id}: ${m}`),
        progress: async (step, of, message) => {
          if (lost || !(await heartbeatJob(db, job, id, leaseSeconds, { step, of, message })))
            throw new LeaseLost();
        },
      });
      const done = await completeJob(db, job, id, result ?? {});
      log(
        `job ${job.kind} ${job.id}: ${done ? "completed" : "finished after losing its lease (not counted)"} in ${Date.now() - started} ms`,
      );
    } catch (e) {
      if (e instanceof LeaseLost) {
        log(`job ${job.kind} ${job.id}: lease lost, abandoning this attempt`);
      } else {
        // Stored in jobs.last_error and logged: without a failed query's bound values.
        const message = scrubSqlParams(e instanceof Error ? e.message : String(e));
        const outcome = await failJob(db, job, id, message);
        log(`job ${job.kind} ${job.id}: attempt ${job.attempts} failed (${outcome}): ${message}`);
      }
    } finally {
      clearInterval(keepAlive);
    }
  }

  const loop = (async () => {
    while (!stopping) {
      let job: Job | undefined;
      try {
        job = await claimJob(db, id, { kinds: Object.keys(defs), leaseSeconds });
      } catch (e) {
        log(`worker ${id}: claim failed: ${scrubSqlParams((e as Error).message)}`);
      }
      if (job) {
        await runOne(job);
        continue;
      }
      for (const w of idleWaiters) w();
      idleWaiters = [];
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, pollMs).unref();
      });
    }
  })();

  return {
    id,
    warmedUp,
    idle: () => new Promise<void>((resolve) => idleWaiters.push(resolve)),
    stop: async () => {
      stopping = true;
      wake?.();
      await loop;
      clearInterval(beat);
      for (const w of idleWaiters) w();
      await stopWorker(db, id).catch(() => {});
    },
  };
}
