import { randomUUID } from "node:crypto";
import os from "node:os";
import { warmToyPool } from "@/scorer/bumphunt/parallel";
import { describeDevice, deviceLabel, getDevice } from "@/scorer/compute/device";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/schema";
import { scrubSqlParams } from "@/lib/errors";
import { isConnectionError } from "@/lib/db/errors";
import { claimJob, completeJob, failJob, heartbeatJob, type OnDead, releaseJob } from "@/lib/jobs/queue";
import { beatWorker, registerWorker, stopWorker } from "@/lib/jobs/workers";
import { JOB_DEFINITIONS } from "./handlers";
import { blobStore } from "@/lib/storage";
import { sweepOrphanBlobs } from "@/lib/storage/sweep";
import { outageTracker } from "./outage";
import { warmUpScorer } from "./warmup";
import type { JobHandler } from "./types";

export type WorkerOptions = {
  db: Db;
  mode: "embedded" | "standalone";
  leaseSeconds: number;
  /** How long to wait between polls when the queue is empty. */
  pollMs?: number;
  definitions?: Record<string, JobHandler>;
  device?: string;
  log?: (line: string) => void;
  /**
   * Warm the scorer up as the worker starts (servers: `npm start`, `npm run worker`): see
   * warmUpScorer. Otherwise only the pseudo-experiment threads are started.
   */
  warmUp?: boolean;
  /**
   * Sweep orphaned blobs and stale partial files from the blob store this often
   * (lib/storage/sweep.ts; ARENA_BLOB_SWEEP_MINUTES in the servers). Unset or 0: never.
   */
  sweepMinutes?: number;
};

export type RunningWorker = {
  id: string;
  /** Stop claiming, let the current job finish, and mark the worker stopped. */
  stop: () => Promise<void>;
  /** Resolves when the queue has no runnable job (for tests and one-shot runs). */
  idle: () => Promise<void>;
  /** Resolves when the start-up warm-up is over (at once without `warmUp`); never rejects. */
  warmedUp: Promise<void>;
  /** Settles when the loop ends: resolves after stop(), rejects on an error the loop did not expect. */
  done: Promise<void>;
  /** Sweep the blob store now (what the periodic sweep runs); logs what it removed. */
  sweep: () => Promise<void>;
};

class LeaseLost extends Error {}

/**
 * Claim and run jobs until stopped. The job's lease is extended by a heartbeat every third of the
 * lease; a worker that dies simply stops beating, and the job is re-claimed once the lease runs out.
 *
 * The database may go away at any time (a restart, a network cut) for any length of time: the
 * worker then retries with capped, jittered backoff (./outage.ts), logs once when the connection is
 * lost and once when it is back, and keeps running. A job whose handler lost the database is handed
 * back without counting the attempt; a completion or failure that cannot be recorded is retried
 * until it can, and counts only if the claim is still this worker's (a re-claimed job is never
 * completed twice). Errors the loop does not expect reject `done` (the standalone worker then exits
 * with status 1, for its supervisor to restart it).
 */
export async function startWorker(opts: WorkerOptions): Promise<RunningWorker> {
  const { db, leaseSeconds } = opts;
  const defs = opts.definitions ?? JOB_DEFINITIONS;
  const kinds = Object.keys(defs);
  const log = opts.log ?? ((l: string) => console.log(l));
  const pollMs = opts.pollMs ?? 1000;
  const id = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // The device this worker scores on (ARENA_DEVICE): shown in the worker list and /api/health.
  await registerWorker(db, id, opts.mode, opts.device ?? deviceLabel(describeDevice(await getDevice())));
  // Jobs are claimed meanwhile: the warm-up only makes the first scoring as quick as the later ones.
  // Without it the pseudo-experiment threads still load in the background, ready for the first job.
  const warmedUp = opts.warmUp ? warmUpScorer(log, db) : Promise.resolve(warmToyPool());
  const outage = outageTracker(log, `worker ${id}`);
  const onDead: OnDead = async (tx, job, cause) => {
    await defs[job.kind]?.onDead?.(tx, job, cause);
    log(`job ${job.kind} ${job.id}: dead after ${job.attempts} attempts (${cause})`);
  };

  let stopping = false;
  let wake: (() => void) | undefined;
  let idleWaiters: (() => void)[] = [];
  /**
   * Wait, or until stop() wakes us. The timer is not unref'd: while the database is unreachable
   * it is all that keeps a standalone worker's process alive (its sockets are closed).
   */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });
  /** Run a bookkeeping query until it goes through: undefined only when stopping meanwhile. */
  async function record<T>(what: string, query: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      try {
        const r = await query();
        outage.ok();
        return r;
      } catch (e) {
        if (!isConnectionError(e)) throw e;
        outage.failed(e, what);
        if (stopping) return undefined;
        await sleep(outage.delayMs());
      }
    }
  }

  const beat = setInterval(() => {
    beatWorker(db, id).then(outage.ok, (e) => outage.failed(e, "heartbeat"));
  }, 5000);
  beat.unref();
  const sweepEvery = opts.sweepMinutes ? opts.sweepMinutes * 60_000 : 0;
  const sweep = sweepEvery ? setInterval(() => void sweepBlobs(), sweepEvery) : undefined;
  sweep?.unref();
  async function sweepBlobs() {
    if (outage.down) return;
    try {
      const r = await sweepOrphanBlobs(db, blobStore());
      if (r.orphans + r.partials > 0)
        log(`worker ${id}: blob sweep removed ${r.orphans} orphaned blobs and ${r.partials} partial files`);
    } catch (e) {
      outage.failed(e, "blob sweep");
    }
  }

  async function runOne(job: Job): Promise<void> {
    const name = `job ${job.kind} ${job.id}`;
    const def = defs[job.kind];
    if (!def) {
      const message = `no handler for job kind "${job.kind}"`;
      await record("recording a failure", () =>
        failJob(db, { ...job, maxAttempts: job.attempts }, id, message, onDead),
      );
      return;
    }
    let lost = false;
    const keepAlive = setInterval(
      () => {
        heartbeatJob(db, job, id, leaseSeconds)
          .then((ok) => {
            lost ||= !ok;
          })
          .catch(() => {}); // an unreachable database: the claim is checked again when it is back
      },
      Math.max(200, (leaseSeconds * 1000) / 3),
    );
    const started = Date.now();
    let result: Record<string, unknown> | undefined;
    let error: unknown;
    let failed = false;
    try {
      result = await def.run(job.payload, {
        db,
        job,
        log: (m) => log(`${name}: ${m}`),
        progress: async (step, of, message) => {
          if (lost || !(await heartbeatJob(db, job, id, leaseSeconds, { step, of, message })))
            throw new LeaseLost();
        },
      });
    } catch (e) {
      failed = true;
      error = e;
    } finally {
      clearInterval(keepAlive);
    }
    const unrecorded = "not recorded before the worker stopped; the job runs again once its lease expires";
    if (!failed) {
      const done = await record("recording a completion", () => completeJob(db, job, id, result ?? {}));
      log(
        `${name}: ${done === undefined ? `finished, ${unrecorded}` : done ? "completed" : "finished after losing its lease (not counted)"} in ${Date.now() - started} ms`,
      );
    } else if (error instanceof LeaseLost) {
      log(`${name}: lease lost, abandoning this attempt`);
    } else if (isConnectionError(error)) {
      // Not the job's fault: hand it back, attempt not counted, once the database is reachable.
      outage.failed(error, name);
      const back = await record("handing a job back", () =>
        releaseJob(db, job, id, `database connection lost on attempt ${job.attempts}`),
      );
      log(
        `${name}: database lost mid-job; ${back === undefined ? unrecorded : back ? "queued again (attempt not counted)" : "its lease expired and it was claimed again"}`,
      );
    } else {
      // Stored in jobs.last_error and logged: without a failed query's bound values.
      const message = scrubSqlParams(error instanceof Error ? error.message : String(error));
      const outcome = await record("recording a failure", () => failJob(db, job, id, message, onDead));
      log(`${name}: attempt ${job.attempts} failed (${outcome ?? unrecorded}): ${message}`);
    }
  }

  const done = (async () => {
    while (!stopping) {
      let job: Job | undefined;
      try {
        job = await claimJob(db, id, { kinds, leaseSeconds, onDead });
        outage.ok();
      } catch (e) {
        outage.failed(e, "claim");
        await sleep(outage.delayMs());
        continue;
      }
      if (job) {
        await runOne(job);
        continue;
      }
      for (const w of idleWaiters) w();
      idleWaiters = [];
      await sleep(pollMs);
    }
  })();

  return {
    id,
    warmedUp,
    done,
    idle: () => new Promise<void>((resolve) => idleWaiters.push(resolve)),
    sweep: sweepBlobs,
    stop: async () => {
      stopping = true;
      wake?.();
      try {
        await done;
      } finally {
        clearInterval(beat);
        if (sweep) clearInterval(sweep);
        for (const w of idleWaiters) w();
        await stopWorker(db, id).catch(() => {});
      }
    },
  };
}
