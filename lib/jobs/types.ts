import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/schema";
import type { z } from "zod";
import type { JobDefinition, PayloadSchema } from "./definitions";
import type { DeadCause, OnDead } from "./queue";

export type JobContext = {
  db: Db;
  job: Job;
  /** Record progress (also extends the lease). Throws if this worker lost the claim. */
  progress: (step: number, of: number, message: string) => Promise<void>;
  log: (message: string) => void;
};

/** What a handler returns: stored as the job's `result`. */
export type JobResult = Record<string, unknown> | undefined;

/**
 * A job kind as the worker runs it: the definition's kind, `run` (parse the stored payload with the
 * definition's schema, then run the handler) and `onDead`. Made by `handle`; the worker keys them by
 * kind. Handlers must be safe to run again after a crash.
 */
export type JobHandler = {
  kind: string;
  run: (payload: unknown, ctx: JobContext) => Promise<JobResult>;
  /**
   * Runs when a job of this kind goes dead, in the transaction that marks it dead (at most once per
   * job): end what the job was doing, e.g. fail and refund its submission. Database writes only.
   */
  onDead?: OnDead;
};

/**
 * Register a handler (and optionally an `onDead`) against a job definition: both get the payload
 * typed by the definition's schema. A stored payload that does not parse fails the attempt before
 * the handler runs; for `onDead` it means there is nothing to end, so it is skipped.
 */
export function handle<K extends string, S extends PayloadSchema>(
  def: JobDefinition<K, S>,
  h: {
    handler: (payload: z.output<S>, ctx: JobContext) => Promise<JobResult>;
    onDead?: (tx: Db, payload: z.output<S>, job: Job, cause: DeadCause) => Promise<void>;
  },
): JobHandler {
  const { handler, onDead } = h;
  return {
    kind: def.kind,
    run: async (payload, ctx) => handler(def.payload.parse(payload), ctx),
    ...(onDead && {
      onDead: async (tx: Db, job: Job, cause: DeadCause) => {
        const parsed = def.payload.safeParse(job.payload);
        if (parsed.success) await onDead(tx, parsed.data, job, cause);
      },
    }),
  };
}

/** Handlers keyed by kind, for the worker (`startWorker`'s `definitions`). */
export function byKind(...handlers: JobHandler[]): Record<string, JobHandler> {
  return Object.fromEntries(handlers.map((h) => [h.kind, h]));
}
