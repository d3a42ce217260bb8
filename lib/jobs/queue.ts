import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { type Job, jobs } from "@/lib/db/schema";
import { type JobDefinition, jobs as kinds, type PayloadInput } from "./definitions";

export type EnqueueOptions = {
  /** Enqueue at most once per key, ever: a second call returns the existing job. */
  singletonKey?: string;
  /** With a singleton key: if that job is dead, queue it again with fresh attempts. */
  retryIfDead?: boolean;
  maxAttempts?: number;
  priority?: number;
  runAt?: Date;
};

/**
 * Queue a job of the kind `def` defines. The payload is checked against the definition's schema
 * first: a bad one throws, and nothing is inserted. It is stored as given (defaults are applied
 * when the handler parses it). See insertJob for the options.
 */
export async function enqueue<D extends JobDefinition>(
  db: Db,
  def: D,
  payload: PayloadInput<D>,
  options: EnqueueOptions = {},
): Promise<Job> {
  const checked = def.payload.safeParse(payload);
  if (!checked.success)
    throw new Error(`enqueue ${def.kind}: invalid payload: ${z.prettifyError(checked.error)}`, {
      cause: checked.error,
    });
  return insertJob(db, def.kind, payload, options);
}

/**
 * Insert a job row. With a singleton key and a row of that key already there (whatever its state),
 * return that row instead — or, with `retryIfDead` and a dead row, queue it again with
 * `attempts = 0`.
 */
async function insertJob(
  db: Db,
  kind: string,
  payload: Record<string, unknown>,
  options: EnqueueOptions,
): Promise<Job> {
  const [created] = await db
    .insert(jobs)
    .values({
      kind,
      payload,
      singletonKey: options.singletonKey ?? null,
      maxAttempts: options.maxAttempts ?? 5,
      priority: options.priority ?? 0,
      runAt: options.runAt ?? new Date(),
    })
    .onConflictDoNothing()
    .returning();
  if (created) return created;
  const [existing] = await db
    .select()
    .from(jobs)
    .where(eq(jobs.singletonKey, options.singletonKey ?? ""))
    .limit(1);
  if (!existing) throw new Error(`enqueue: could not enqueue ${kind}`);
  if (options.retryIfDead && existing.status === "dead") {
    const [again] = await db
      .update(jobs)
      .set({ status: "queued", attempts: 0, runAt: sql`now()`, finishedAt: null, lockedBy: null })
      .where(and(eq(jobs.id, existing.id), eq(jobs.status, "dead")))
      .returning();
    return again ?? existing;
  }
  return existing;
}

export async function getJob(db: Db, id: string): Promise<Job | undefined> {
  const [j] = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return j;
}

const leaseEnd = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;

/** Why a job went dead: its worker stopped on every attempt, or its handler failed on the last one. */
export type DeadCause = "worker-lost" | "failed";

/**
 * What a job kind does when one of its jobs goes dead (score-submission fails its submission and
 * refunds the quota). Runs in the transaction that moves the job to `dead`, so both happen or
 * neither; it runs once per job, since only one transaction can move a row from running to dead.
 */
export type OnDead = (tx: Db, job: Job, cause: DeadCause) => Promise<void>;

/**
 * Move running jobs of these kinds whose lease ran out and that have used every attempt to `dead`,
 * each with its kind's `onDead` in the same transaction. Called before each claim, so a job that
 * keeps killing its worker does not loop forever, and what it was working on does not stay
 * half-done.
 */
export async function reapExpired(db: Db, opts: { kinds: string[]; onDead?: OnDead }): Promise<number> {
  if (opts.kinds.length === 0) return 0;
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(jobs)
      .set({
        status: "dead",
        lockedBy: null,
        leaseExpiresAt: null,
        finishedAt: sql`now()`,
        lastError: sql`coalesce(${jobs.lastError} || '; ', '') || 'lease expired on the last attempt (worker lost)'`,
      })
      .where(
        and(
          inArray(jobs.kind, opts.kinds),
          eq(jobs.status, "running"),
          lt(jobs.leaseExpiresAt, sql`now()`),
          sql`${jobs.attempts} >= ${jobs.maxAttempts}`,
        ),
      )
      .returning();
    for (const job of rows) await opts.onDead?.(tx, job, "worker-lost");
    return rows.length;
  });
}

/**
 * Claim the next runnable job: a queued one whose time has come, or a running one whose lease
 * expired (its worker died). `FOR UPDATE SKIP LOCKED` lets many workers claim concurrently without
 * ever handing one job to two of them. Each claim counts as an attempt.
 */
export async function claimJob(
  db: Db,
  workerId: string,
  opts: { kinds: string[]; leaseSeconds: number; onDead?: OnDead },
): Promise<Job | undefined> {
  if (opts.kinds.length === 0) return undefined;
  await reapExpired(db, opts);
  const next = sql`(
    select ${jobs.id} from ${jobs}
    where ${inArray(jobs.kind, opts.kinds)}
      and ((${jobs.status} = 'queued' and ${jobs.runAt} <= now())
        or (${jobs.status} = 'running' and ${jobs.leaseExpiresAt} < now()))
    order by ${jobs.priority} desc, ${jobs.runAt} asc
    limit 1
    for update skip locked
  )`;
  const [job] = await db
    .update(jobs)
    .set({
      status: "running",
      lockedBy: workerId,
      attempts: sql`${jobs.attempts} + 1`,
      leaseExpiresAt: leaseEnd(opts.leaseSeconds),
      heartbeatAt: sql`now()`,
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
    })
    .where(eq(jobs.id, next))
    .returning();
  return job;
}

/** The claim is ours while the row is running, locked by us, on the attempt we claimed. */
const ours = (job: Pick<Job, "id" | "attempts">, workerId: string) =>
  and(
    eq(jobs.id, job.id),
    eq(jobs.status, "running"),
    eq(jobs.lockedBy, workerId),
    eq(jobs.attempts, job.attempts),
  );

/** Extend the lease (and record progress). Returns false when the claim was lost. */
export async function heartbeatJob(
  db: Db,
  job: Pick<Job, "id" | "attempts">,
  workerId: string,
  leaseSeconds: number,
  progress?: Job["progress"],
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      leaseExpiresAt: leaseEnd(leaseSeconds),
      heartbeatAt: sql`now()`,
      ...(progress ? { progress } : {}),
    })
    .where(ours(job, workerId))
    .returning({ id: jobs.id });
  return rows.length === 1;
}

/**
 * Mark the job completed. Conditional on still holding the claim, so a worker whose lease expired
 * and whose job was re-claimed cannot complete it a second time. Returns whether it counted.
 */
export async function completeJob(
  db: Db,
  job: Pick<Job, "id" | "attempts">,
  workerId: string,
  result: Record<string, unknown> = {},
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ status: "completed", result, lockedBy: null, leaseExpiresAt: null, finishedAt: sql`now()` })
    .where(ours(job, workerId))
    .returning({ id: jobs.id });
  return rows.length === 1;
}

/** Retry delay after the n-th failed attempt: 5 s, 10 s, 20 s, … capped at 10 minutes. */
export function backoffSeconds(attempt: number): number {
  return Math.min(600, 5 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Record a failure: back to `queued` with backoff, or `dead` once every attempt is used (then the
 * kind's `onDead` runs in the same transaction). "lost": the claim was no longer ours.
 */
export async function failJob(
  db: Db,
  job: Pick<Job, "id" | "attempts" | "maxAttempts">,
  workerId: string,
  error: string,
  onDead?: OnDead,
): Promise<"retry" | "dead" | "lost"> {
  const dead = job.attempts >= job.maxAttempts;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(jobs)
      .set(
        dead
          ? { status: "dead", lastError: error, lockedBy: null, leaseExpiresAt: null, finishedAt: sql`now()` }
          : {
              status: "queued",
              lastError: error,
              lockedBy: null,
              leaseExpiresAt: null,
              runAt: sql`now() + make_interval(secs => ${backoffSeconds(job.attempts)})`,
            },
      )
      .where(ours(job, workerId))
      .returning();
    if (!row) return "lost";
    if (dead) await onDead?.(tx, row, "failed");
    return dead ? "dead" : "retry";
  });
}

/**
 * Hand a claimed job back without counting the attempt: its worker lost the database mid-job, which
 * says nothing about the job. Conditional on the claim, like completion: once the lease ran out and
 * another worker claimed it, this returns false and changes nothing.
 */
export async function releaseJob(
  db: Db,
  job: Pick<Job, "id" | "attempts">,
  workerId: string,
  reason: string,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: "queued",
      attempts: sql`${jobs.attempts} - 1`,
      lastError: reason,
      lockedBy: null,
      leaseExpiresAt: null,
      runAt: sql`now()`,
    })
    .where(ours(job, workerId))
    .returning({ id: jobs.id });
  return rows.length === 1;
}

/**
 * Baseline jobs of these boxes that are queued or running, with their progress (the autoencoder
 * reports "epoch k: loss …"), for the organizer's settings page. Organizer-only data: no truth in it.
 */
export async function activeBaselineJobs(
  db: Db,
  boxIds: string[],
): Promise<Map<string, { method: string; status: string; progress: Job["progress"] }[]>> {
  const out = new Map<string, { method: string; status: string; progress: Job["progress"] }[]>();
  if (boxIds.length === 0) return out;
  const rows = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kinds.baseline.kind), inArray(jobs.status, ["queued", "running"])));
  for (const j of rows) {
    const p = kinds.baseline.payload.safeParse(j.payload);
    if (!p.success || !boxIds.includes(p.data.boxId)) continue;
    const list = out.get(p.data.boxId) ?? [];
    list.push({ method: p.data.method, status: j.status, progress: j.progress });
    out.set(p.data.boxId, list);
  }
  return out;
}
