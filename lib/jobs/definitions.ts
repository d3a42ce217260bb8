import { z } from "zod";
import { SCORE_BASELINE_KEYS } from "@/scorer/baselines/registry";

/** A job payload: a JSON object (the `jobs.payload` column). */
export type PayloadSchema = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

/**
 * A job kind: the `kind` string stored in `jobs.kind` and the zod schema of its payload. Enqueuers
 * import it (lib/jobs/queue.ts `enqueue`); the worker's handler registers against it
 * (lib/jobs/types.ts `handle`). It holds no handler, so enqueuing never loads the scorer.
 */
export type JobDefinition<K extends string = string, S extends PayloadSchema = PayloadSchema> = {
  readonly kind: K;
  readonly payload: S;
};

/** The payload a handler gets: parsed, defaults applied. */
export type PayloadOf<D extends JobDefinition> = z.output<D["payload"]>;
/** The payload an enqueuer gives: defaulted fields may be left out. */
export type PayloadInput<D extends JobDefinition> = z.input<D["payload"]>;

export function defineJob<K extends string, S extends PayloadSchema>(
  kind: K,
  payload: S,
): JobDefinition<K, S> {
  return { kind, payload };
}

const boxId = z.string().uuid();

/**
 * Every job kind of the application. The kind strings are stored in the database (queued jobs, dead
 * jobs listed to organizers): never rename one.
 */
export const jobs = {
  /**
   * Build the demo challenge (lib/demo/seed.ts). `events`: the events per demo box, as the process
   * that created the demo was told (ARENA_DEMO_EVENTS of `npm start`); absent: the built-in sizes.
   * Carried in the job so that a separate worker builds the demo the web process asked for,
   * whatever its own environment says.
   */
  seedDemo: defineJob(
    "seed-demo",
    z.object({
      organizerEmail: z.string().email(),
      events: z.number().int().min(1000).max(5_000_000).optional(),
    }),
  ),
  /** A scheduled close or reveal of a box, queued with runAt = `at`, the scheduled time (ISO). */
  blackboxTransition: defineJob(
    "blackbox-transition",
    z.object({ boxId, to: z.enum(["closed", "revealed"]), at: z.string() }),
  ),
  /** Build a draft box's files from its spec (generated or imported). */
  buildBlackbox: defineJob(
    "blackbox-build",
    z.object({
      boxId,
      /** Lets the organizer's import page read the job after a failed import deleted its box. */
      challengeId: z.string().uuid().optional(),
      /** The demo's boxes open themselves; an organizer's box waits for the organizer. */
      openWhenBuilt: z.boolean().optional(),
    }),
  ),
  /**
   * Score one submission: `live` as uploaded, `reveal` with the truth after the reveal, `rescore`
   * an organizer's rescore.
   */
  scoreSubmission: defineJob(
    "score-submission",
    z.object({
      submissionId: z.string().uuid(),
      reason: z.enum(["live", "reveal", "rescore"]).default("live"),
      /** rescore: when the organizer asked (ISO); evaluations newer than this count as done. */
      since: z.string().optional(),
    }),
  ),
  /** After a reveal (or an organizer's rescore): rescore every submission of the box. */
  boxReveal: defineJob(
    "box-reveal",
    z.object({
      boxId,
      /** An organizer's rescore of a revealed box (ISO time of the request): a new leaderboard version. */
      rescoreSince: z.string().optional(),
    }),
  ),
  /** Compute one score baseline of a box (scorer/baselines/registry.ts) and queue its scoring. */
  baseline: defineJob("baseline", z.object({ boxId, method: z.enum(SCORE_BASELINE_KEYS) })),
} as const;
