import type { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Job } from "@/lib/db/schema";
import type { OnDead } from "@/lib/jobs/queue";

export type JobContext = {
  db: Db;
  job: Job;
  /** Record progress (also extends the lease). Throws if this worker lost the claim. */
  progress: (step: number, of: number, message: string) => Promise<void>;
  log: (message: string) => void;
};

/** A job kind: its payload schema and its handler. Handlers must be safe to run again after a crash. */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  kind: string;
  payload: S;
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<Record<string, unknown> | undefined>;
  /**
   * Runs when a job of this kind goes dead, in the transaction that marks it dead (at most once per
   * job): end what the job was doing, e.g. fail and refund its submission. Database writes only.
   */
  onDead?: OnDead;
};

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}
