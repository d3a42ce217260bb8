import type { BuildCheck } from "../submissions/build-check";
import type { DataSummary } from "../blackboxes/data-summary";
import type {
  BoxSpec,
  FeatureSchema,
  FileDetails,
  Quotas,
  ScoringColumns,
  ScoringConfig,
  SubmissionError,
} from "./json";
import type { LeaderboardSnapshot, Metrics, RankMetrics, Timings } from "./json-metrics";
import type { Claim } from "@/scorer/metrics/claim-validate";
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const tz = (name: string) => timestamp(name, { withTimezone: true });

// ---------------------------------------------------------------- users and auth

export const USER_ROLES = ["admin", "organizer", "participant"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Global role: `admin` runs the site, `organizer` may create challenges, `participant` enters them. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    role: text("role").$type<UserRole>().notNull().default("participant"),
    emailVerified: tz("email_verified"),
    image: text("image"),
    /**
     * Every session cookie carries the version it was issued under; sign-out, and losing a role,
     * add one, so every cookie issued before stops working (lib/auth/sessions.ts).
     */
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);
export type User = typeof users.$inferSelect;

/** External identities (OIDC, GitHub) linked to a user, as next-auth's OAuth flow needs. */
export const accounts = pgTable(
  "accounts",
  {
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    type: text("type").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.providerAccountId] }),
    index("accounts_user_idx").on(t.userId),
  ],
);
export type Account = typeof accounts.$inferSelect;

export type AuthAttemptKind = "sign-in" | "sign-up";

/** Sign-in and sign-up attempts, for rate limiting across web instances. */
export const authAttempts = pgTable(
  "auth_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** "sign-in" (email + password checks) or "sign-up" (accounts asked for); each is throttled. */
    kind: text("kind").$type<AuthAttemptKind>().notNull().default("sign-in"),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    success: boolean("success").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("auth_attempts_email_idx").on(t.email, t.createdAt),
    index("auth_attempts_ip_idx").on(t.ip, t.createdAt),
  ],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** First characters of the token, shown in lists so users can tell tokens apart. */
    prefix: text("prefix").notNull(),
    /** SHA-256 of the whole token (tokens carry 192 bits of randomness, so a fast hash is enough). */
    tokenHash: text("token_hash").notNull(),
    lastUsedAt: tz("last_used_at"),
    expiresAt: tz("expires_at"),
    revokedAt: tz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);
export type ApiToken = typeof apiTokens.$inferSelect;

// ---------------------------------------------------------------- challenges and teams

export const CHALLENGE_STATUSES = ["draft", "published", "archived"] as const;
export type ChallengeStatus = (typeof CHALLENGE_STATUSES)[number];

export const challenges = pgTable(
  "challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    description: text("description").notNull().default(""),
    status: text("status").$type<ChallengeStatus>().notNull().default("draft"),
    maxTeamSize: integer("max_team_size").notNull().default(5),
    startsAt: tz("starts_at"),
    endsAt: tz("ends_at"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("challenges_slug_key").on(t.slug)],
);
export type Challenge = typeof challenges.$inferSelect;

/** Organizer is a per-challenge role. */
export const challengeOrganizers = pgTable(
  "challenge_organizers",
  {
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    addedBy: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.challengeId, t.userId] }),
    index("challenge_organizers_user_idx").on(t.userId),
  ],
);

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    /**
     * Set when the last member left a team that has submissions: the team (and its leaderboard rows)
     * stays, read-only; nobody can join it again. Teams without submissions are deleted instead.
     */
    archivedAt: tz("archived_at"),
  },
  (t) => [uniqueIndex("teams_challenge_name_key").on(t.challengeId, sql`lower(${t.name})`)],
);
export type Team = typeof teams.$inferSelect;

/** `challenge_id` is repeated here so that "one team per user per challenge" is a unique index. */
export const teamMembers = pgTable(
  "team_members",
  {
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    joinedAt: tz("joined_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    uniqueIndex("team_members_one_team_per_challenge").on(t.challengeId, t.userId),
  ],
);

export const teamInvites = pgTable(
  "team_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: tz("expires_at").notNull(),
    revokedAt: tz("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("team_invites_hash_key").on(t.tokenHash), index("team_invites_team_idx").on(t.teamId)],
);

// ---------------------------------------------------------------- black boxes, submissions, scoring

export const BLACK_BOX_STATUSES = ["draft", "open", "closed", "revealed"] as const;
export type BlackBoxStatus = (typeof BLACK_BOX_STATUSES)[number];

export const blackBoxes = pgTable(
  "black_boxes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    challengeId: uuid("challenge_id")
      .notNull()
      .references(() => challenges.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    mode: text("mode").$type<"practice" | "blind">().notNull().default("blind"),
    status: text("status").$type<BlackBoxStatus>().notNull().default("draft"),
    description: text("description").notNull().default(""),
    /** How the events are made (generator spec or import), seed and salt: truth until the reveal (./json). */
    spec: jsonb("spec").$type<BoxSpec>(),
    buildStatus: text("build_status")
      .$type<"none" | "building" | "built" | "failed">()
      .notNull()
      .default("none"),
    buildJobId: uuid("build_job_id"),
    buildError: text("build_error"),
    eventCount: integer("event_count"),
    publicSize: integer("public_size"),
    opensAt: tz("opens_at"),
    closesAt: tz("closes_at"),
    /** When the worker reveals the box by itself (after closing); null: the organizer reveals by hand. */
    revealAt: tz("reveal_at"),
    revealedAt: tz("revealed_at"),
    /**
     * When an organizer archived the revealed box (lib/blackboxes/archive.ts); null while it is
     * listed with the active boxes. Archiving hides nothing and deletes nothing.
     */
    archivedAt: tz("archived_at"),
    featureSchema: jsonb("feature_schema").$type<FeatureSchema>(),
    publicBlob: text("public_blob"),
    truthBlob: text("truth_blob"),
    truthCommitment: text("truth_commitment"),
    scoringConfig: jsonb("scoring_config").$type<ScoringConfig>(),
    /**
     * Column cache written with the public file: `.npy` [N, 2] = (event_id, mass feature), so the
     * upload check and the scorer read 16 MB instead of opening the HDF5 file. Public data.
     */
    scoringColumns: jsonb("scoring_columns").$type<ScoringColumns>(),
    /** The plain bump hunt run when the box was built (lib/submissions/build-check.ts); public data. */
    buildCheck: jsonb("build_check").$type<BuildCheck>(),
    /** Histograms of every public feature over all events (lib/blackboxes/data-summary.ts); public data. */
    dataSummary: jsonb("data_summary").$type<DataSummary>(),
    quotas: jsonb("quotas").$type<Quotas>(),
    /**
     * Bumped in the transaction that changes what a live leaderboard shows (an evaluation lands, a
     * team is renamed): the web process's leaderboard cache is keyed by it (lib/submissions/leaderboard-cache.ts).
     */
    leaderboardVersion: integer("leaderboard_version").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: tz("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("black_boxes_challenge_slug_key").on(t.challengeId, t.slug)],
);
export type BlackBox = typeof blackBoxes.$inferSelect;
export type NewBlackBox = typeof blackBoxes.$inferInsert;

export const SUBMISSION_KINDS = ["scores", "claim", "top-ids"] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];
export type SubmissionStatus = "queued" | "scoring" | "scored" | "failed";

/**
 * One accepted upload (or a baseline: teamId null, `baseline` set). Rejected uploads are never
 * stored: validation runs in the request and a refused file leaves no row and no blob.
 */
export const submissions = pgTable(
  "submissions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    blackBoxId: uuid("black_box_id")
      .notNull()
      .references(() => blackBoxes.id, { onDelete: "cascade" }),
    /**
     * Null for a baseline row. No cascade: team changes never delete submissions (a team that has
     * some is archived, not deleted); "no action" is checked at the end of the statement, so deleting
     * a whole challenge (boxes and teams together) still works.
     */
    teamId: uuid("team_id").references(() => teams.id, { onDelete: "no action" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    /** Baseline method key ("bump-hunt", …) for rows the platform computes itself. */
    baseline: text("baseline"),
    kind: text("kind").$type<SubmissionKind>().notNull(),
    status: text("status").$type<SubmissionStatus | "rejected">().notNull().default("queued"),
    /** Method name and free-text description given by the team. */
    method: text("method").notNull().default(""),
    description: text("description").notNull().default(""),
    /** Uploaded bytes (content-addressed), as sent; null for claims. */
    blob: text("blob"),
    /** Scores as validated: float64 `.npy` [N] in the public file's event order (what the scorer reads). */
    scoresBlob: text("scores_blob"),
    fileName: text("file_name"),
    fileSize: integer("file_size"),
    /** What the reader found: format, rows, gzip, aligned by event_id, … */
    fileDetails: jsonb("file_details").$type<FileDetails>(),
    /** A claim submission's claim (SCORING §3), as validated at upload. */
    claim: jsonb("claim").$type<Claim>(),
    /** Why scoring failed (shown to the team). */
    error: jsonb("error").$type<SubmissionError>(),
    /** UTC day the submission counts against; counted = false once refunded (server-side failure). */
    quotaDay: text("quota_day"),
    counted: boolean("counted").notNull().default(true),
    jobId: uuid("job_id"),
    /**
     * The upload's `Idempotency-Key` header, if it sent one: a retry with the same key (same team
     * and box, within 24 h) gets this submission back instead of making a second. Cleared when an
     * older key is used again after the 24 h.
     */
    idempotencyKey: text("idempotency_key"),
    /** SHA-256 of what the keyed upload carried (lib/submissions/idempotency.ts), to refuse a reused key. */
    idempotencyHash: text("idempotency_hash"),
    createdAt: createdAt(),
    startedAt: tz("started_at"),
    scoredAt: tz("scored_at"),
  },
  (t) => [
    index("submissions_box_team_idx").on(t.blackBoxId, t.teamId),
    index("submissions_box_kind_status_idx").on(t.blackBoxId, t.kind, t.status),
    uniqueIndex("submissions_box_baseline_key").on(t.blackBoxId, t.baseline),
    uniqueIndex("submissions_idempotency_key")
      .on(t.blackBoxId, t.teamId, t.idempotencyKey)
      .where(sql`${t.idempotencyKey} is not null`),
  ],
);
export type Submission = typeof submissions.$inferSelect;
export type NewSubmission = typeof submissions.$inferInsert;

/**
 * Results of scoring a submission. A submission can have several: the live one, and the rescoring at
 * the reveal (truth metrics added); the newest is current. `metrics` = { discovery?, truth?, claim?,
 * topK? } as defined in SCORING.md.
 */
export const evaluations = pgTable(
  "evaluations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    submissionId: uuid("submission_id")
      .notNull()
      .references(() => submissions.id, { onDelete: "cascade" }),
    metrics: jsonb("metrics").$type<Metrics>().notNull(),
    /** Whether truth metrics were computed (practice box, or after the reveal). */
    withTruth: boolean("with_truth").notNull().default(false),
    scorerVersion: text("scorer_version").notNull(),
    device: text("device").notNull().default("cpu"),
    timings: jsonb("timings").$type<Timings>(),
    /**
     * The few metrics a leaderboard ranks and shows, in the same shape as `metrics`
     * (lib/submissions/rank-metrics.ts): about 300 bytes where `metrics` holds ~20 kB of curves and
     * histograms. Null on rows written before it existed; the leaderboard fills those lazily.
     */
    rankMetrics: jsonb("rank_metrics").$type<RankMetrics>(),
    createdAt: createdAt(),
  },
  (t) => [index("evaluations_submission_idx").on(t.submissionId, t.createdAt)],
);
export type Evaluation = typeof evaluations.$inferSelect;
export type NewEvaluation = typeof evaluations.$inferInsert;

/** A frozen leaderboard: written at the reveal; a later rescore writes version + 1, never edits one. */
export const leaderboardSnapshots = pgTable(
  "leaderboard_snapshots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    blackBoxId: uuid("black_box_id")
      .notNull()
      .references(() => blackBoxes.id, { onDelete: "cascade" }),
    kind: text("kind").$type<SubmissionKind>().notNull(),
    version: integer("version").notNull(),
    reason: text("reason").notNull(),
    /** { ranking, rows } as the leaderboard showed them at freezing time. */
    rows: jsonb("rows").$type<LeaderboardSnapshot>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("leaderboard_snapshots_key").on(t.blackBoxId, t.kind, t.version)],
);
export type LeaderboardSnapshotRow = typeof leaderboardSnapshots.$inferSelect;

// ---------------------------------------------------------------- audit log

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    challengeId: uuid("challenge_id").references(() => challenges.id, { onDelete: "cascade" }),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_challenge_idx").on(t.challengeId, t.createdAt)],
);
export type AuditEntry = typeof auditLog.$inferSelect;

// ---------------------------------------------------------------- job queue

export const JOB_STATUSES = ["queued", "running", "completed", "dead"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Jobs are claimed with `FOR UPDATE SKIP LOCKED`; the lease (`lease_expires_at`) is extended by
 * heartbeats, and a job whose lease ran out is claimable again. `attempts` counts claims; once it
 * reaches `max_attempts` a failure moves the job to `dead` (the dead-letter state).
 */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status").$type<JobStatus>().notNull().default("queued"),
    /** At most one live or finished job per key (e.g. "seed-demo"); null for ordinary jobs. */
    singletonKey: text("singleton_key"),
    priority: integer("priority").notNull().default(0),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: tz("run_at").notNull().defaultNow(),
    lockedBy: text("locked_by"),
    leaseExpiresAt: tz("lease_expires_at"),
    heartbeatAt: tz("heartbeat_at"),
    progress: jsonb("progress").$type<{ step: number; of: number; message: string }>(),
    result: jsonb("result").$type<Record<string, unknown>>(),
    lastError: text("last_error"),
    createdAt: createdAt(),
    startedAt: tz("started_at"),
    finishedAt: tz("finished_at"),
  },
  (t) => [
    index("jobs_claim_idx").on(t.status, t.runAt),
    uniqueIndex("jobs_singleton_key").on(t.singletonKey),
  ],
);
export type Job = typeof jobs.$inferSelect;

export const workers = pgTable("workers", {
  id: text("id").primaryKey(),
  hostname: text("hostname").notNull(),
  pid: integer("pid").notNull(),
  mode: text("mode").$type<"embedded" | "standalone">().notNull(),
  device: text("device").notNull().default("cpu"),
  startedAt: tz("started_at").notNull().defaultNow(),
  lastBeat: tz("last_beat").notNull().defaultNow(),
  stoppedAt: tz("stopped_at"),
});
