import type { OrganizerRow } from "@/lib/challenges";
import type { AuditRow } from "@/lib/audit";
import {
  CHALLENGE_STATUSES,
  type Challenge,
  JOB_STATUSES,
  SUBMISSION_KINDS,
  type Team,
  USER_ROLES,
} from "@/lib/db/schema";
import type { Health } from "@/lib/health";
import type { SubmissionView } from "@/lib/submissions/views";
import type { TeamView } from "@/lib/teams";
import type { TokenInfo } from "@/lib/tokens";
import type { UserRow } from "@/lib/admin";
import { ref } from "./openapi-common";

/**
 * The hand-written response schemas of the API (accounts, challenges, teams, submissions, imports).
 * Responses are TypeScript types, not zod schemas, so each object's properties are written here and
 * `satisfies Record<keyof T, …>` makes the compiler fail when the type gains or loses a field.
 */
const str = { type: "string" };
const int = { type: "integer" };
const id = { type: "string", format: "uuid" };
const time = { type: "string", format: "date-time" };
const maybe = (s: Record<string, unknown>) => ({ ...s, type: [s.type, "null"] });
const obj = (properties: Record<string, object>, description?: string) => ({
  type: "object",
  ...(description ? { description } : {}),
  properties,
});

const challenge = {
  id,
  slug: str,
  title: str,
  summary: str,
  description: { ...str, description: "Plain text with LF line breaks" },
  status: { type: "string", enum: [...CHALLENGE_STATUSES] },
  maxTeamSize: int,
  startsAt: maybe(time),
  endsAt: maybe(time),
  createdBy: maybe(id),
  createdAt: time,
  updatedAt: time,
} satisfies Record<keyof Challenge, object>;

const team = {
  id,
  challengeId: id,
  name: str,
  createdBy: maybe(id),
  createdAt: time,
  archivedAt: { ...maybe(time), description: "Set when the last member left a team with submissions" },
} satisfies Record<keyof Team, object>;

const teamView = {
  ...team,
  challenge: obj({
    id,
    slug: str,
    title: str,
    maxTeamSize: int,
    status: { type: "string", enum: [...CHALLENGE_STATUSES] },
  }),
  members: {
    type: "array",
    description: 'In order of joining; `email` is "" except for members and organizers',
    items: obj({ userId: id, name: str, email: str, joinedAt: time }),
  },
} satisfies Record<keyof TeamView, object>;

const token = {
  id,
  name: str,
  prefix: { ...str, description: "The token's first 12 characters" },
  createdAt: time,
  lastUsedAt: maybe(time),
  expiresAt: { ...maybe(time), description: "null: never expires" },
  revokedAt: maybe(time),
} satisfies Record<keyof TokenInfo, object>;

const user = {
  id,
  email: str,
  name: str,
  role: { type: "string", enum: [...USER_ROLES] },
  createdAt: time,
} satisfies Record<keyof UserRow, object>;

const audit = {
  id: int,
  challengeId: maybe(id),
  actorId: { ...maybe(id), description: "null for entries the system wrote (e.g. the demo seed)" },
  action: { ...str, description: "challenge.create, challenge.update, organizer.add, blackbox.build …" },
  targetType: maybe(str),
  targetId: maybe(str),
  details: { type: "object" },
  createdAt: time,
  actorEmail: maybe(str),
  actorName: maybe(str),
} satisfies Record<keyof AuditRow, object>;

const health = {
  ok: { type: "boolean", description: "The database answered and a worker beat within 30 s" },
  db: { type: "string", enum: ["pglite", "postgres"] },
  worker: obj({ alive: { type: "boolean" }, lastBeat: maybe(time) }),
  device: { ...str, description: "The worker's compute device, or none" },
} satisfies Record<keyof Health, object>;

const submission = {
  id,
  box: { ...str, description: "The black box's slug" },
  kind: { type: "string", enum: [...SUBMISSION_KINDS] },
  status: { type: "string", enum: ["queued", "scoring", "scored", "failed"] },
  team: { type: ["object", "null"], properties: { id, name: str } },
  baseline: { ...maybe(str), description: "A baseline's method (unranked rows), else null" },
  method: str,
  description: str,
  createdAt: time,
  startedAt: maybe(time),
  scoredAt: maybe(time),
  file: {
    type: ["object", "null"],
    description: "Its team and organizers only",
    properties: { name: str, size: maybe(int), details: { oneOf: [ref("FileDetails"), { type: "null" }] } },
  },
  training: {
    type: ["object", "null"],
    description: "A baseline's training record (device, seconds, losses)",
  },
  claim: {
    oneOf: [ref("Claim"), { type: "null" }],
    description: "Its team and organizers; everyone after the reveal; else null",
  },
  error: { oneOf: [ref("SubmissionError"), { type: "null" }] },
  counted: { type: "boolean", description: "Whether it counted against the quota (its team only)" },
  evaluation: { oneOf: [ref("Evaluation"), { type: "null" }] },
} satisfies Record<keyof SubmissionView, object>;

const organizer = { userId: id, email: str, name: str, addedAt: time } satisfies Record<
  keyof OrganizerRow,
  object
>;

export const responseSchemas = {
  Error: {
    type: "object",
    required: ["error"],
    description: "The error envelope of every /api error: match on `code`, and on `details.fields` for 422s",
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { ...str, description: "validation, not_found, auth:forbidden, conflict, quota:exceeded …" },
          message: { ...str, description: "For people; may change" },
          details: obj({
            fields: { type: "array", items: obj({ field: str, message: str }) },
          }),
        },
      },
    },
  },
  Challenge: { type: "object", properties: challenge },
  Team: { type: "object", properties: team },
  TeamListed: { type: "object", properties: { ...team, memberCount: int } },
  TeamView: { type: "object", properties: teamView },
  Token: { type: "object", properties: token },
  User: { type: "object", properties: user },
  Organizer: { type: "object", properties: organizer },
  AuditEntry: { type: "object", properties: audit },
  Health: { type: "object", properties: health },
  Submission: { type: "object", properties: submission },
  SubmissionRef: obj({
    id,
    kind: { type: "string", enum: [...SUBMISSION_KINDS] },
    status: { type: "string", enum: ["queued", "scoring", "scored", "failed"] },
    createdAt: time,
  }),
  Quota: obj({ perDay: int, total: int, usedToday: int, usedTotal: int, remaining: int }),
  Leaderboard: obj({
    challenge: str,
    box: ref("BlackBox"),
    kind: { type: "string", enum: [...SUBMISSION_KINDS] },
    ranking: ref("Ranking"),
    frozen: {
      type: ["object", "null"],
      description: "After the reveal: the snapshot's { version, createdAt, reason }",
    },
    rows: { type: "array", items: ref("LeaderboardRow") },
  }),
  StagedFile: obj(
    {
      upload: { ...str, description: "The id to name in POST …/imports `files[].upload`" },
      name: str,
      size: int,
      format: { type: "string", enum: ["lhco", "adc2021", "darkmachines", "masterkey"] },
      role: { type: "string", enum: ["events", "masterkey", "background", "signal"] },
      events: int,
      summary: str,
      columns: { type: "array", items: str },
      rows: { type: "array", items: { type: "array", items: { type: "number" } } },
      histograms: { type: "array", items: { type: "object" } },
      counts: { type: "object", description: "Events per label or process (truth: organizers only)" },
    },
    "A staged import file and its preview",
  ),
  ImportJob: obj({
    status: { type: "string", enum: [...JOB_STATUSES] },
    progress: { type: ["object", "null"] },
    error: { ...maybe(str), description: "Why the import failed (the box is then deleted)" },
    box: { type: ["object", "null"], properties: { slug: str, buildStatus: str, eventCount: maybe(int) } },
  }),
};
