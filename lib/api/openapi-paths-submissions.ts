import { type Operation, operation, PUBLIC_READ, param, ref, SIGNED_IN } from "./openapi-common";

const AMBIGUOUS = "conflict: the short form's box slug names boxes in several challenges you can see";
const ambiguous = (short: boolean): Record<number, string> => (short ? { 409: AMBIGUOUS } : {});
const kind = {
  name: "kind",
  in: "query",
  schema: { type: "string", enum: ["scores", "claim", "top-ids"], default: "scores" },
};
const query = (name: string, description: string) => ({
  name,
  in: "query",
  schema: { type: "string" },
  description,
});

/** The upload: three body forms, the same validation and quotas (lib/submissions/http.ts). */
const upload = (parameters: object[], short: boolean): Operation => ({
  summary: "Submit per-event scores, top-K event ids or a resonance claim",
  description:
    "Validated completely in the request (length or id coverage, finite values, unique in-range ids, claim ranges); a refused upload stores nothing and costs no quota. Bodies: multipart/form-data (`file`, `kind`, `method`, `description`; or `kind=claim` + `claim` JSON text), application/json claims, or the raw file with `?kind=&filename=&method=&description=`. Quotas per team per UTC day and in total. Members of a team of the challenge only (not its organizers); the box must be open.",
  tags: ["Submissions"],
  security: SIGNED_IN,
  parameters: [
    ...parameters,
    { ...kind, description: "Raw-body uploads: scores or top-ids" },
    query("filename", "Raw-body uploads: the file's name (its extension picks the reader)"),
    query("method", "Raw-body uploads: your method's name (at most 120 characters)"),
    query("description", "Raw-body uploads: what you did (at most 4000 characters)"),
    {
      name: "Idempotency-Key",
      in: "header",
      required: false,
      schema: { type: "string", minLength: 1, maxLength: 200 },
      description:
        "Makes the upload safe to retry: a fresh uuid4 per upload, the same on each retry of it. The same team, box and key within 24 h answers the first submission again (`replayed: true`, header `Idempotent-Replayed: true`), with no second submission and no second quota charge.",
    },
  ],
  requestBody: {
    required: true,
    content: {
      "multipart/form-data": {
        schema: {
          allOf: [
            ref("UploadMeta"),
            {
              type: "object",
              properties: {
                file: { type: "string", format: "binary" },
                kind: { type: "string", enum: ["scores", "top-ids", "claim"] },
                claim: { type: "string", description: "A Claim as JSON text" },
              },
            },
          ],
        },
      },
      "application/json": {
        schema: {
          allOf: [
            ref("UploadMeta"),
            {
              type: "object",
              required: ["claim"],
              properties: { kind: { const: "claim" }, claim: ref("Claim") },
            },
          ],
        },
      },
      "application/octet-stream": { schema: { type: "string", format: "binary" } },
    },
  },
  ok: {
    status: 201,
    description:
      "Accepted and queued for scoring; or, for a retry with an Idempotency-Key, the submission the first request made",
    schema: {
      type: "object",
      properties: {
        submission: ref("SubmissionRef"),
        quota: ref("Quota"),
        replayed: {
          type: "boolean",
          description:
            "Sent with an Idempotency-Key only: true when this answers a retry of an earlier upload",
        },
      },
    },
  },
  errors: {
    400: "idempotency:bad_key: the Idempotency-Key header is not 1 to 200 printable ASCII characters",
    403: "auth:forbidden: not in a team of the challenge, or an organizer of it",
    404: "not_found: no such box, or one the caller may not see",
    409: `${short ? `conflict: the box is not open; ${AMBIGUOUS}` : "conflict: the box is not open"}; idempotency:key_reused: the Idempotency-Key named another upload to this box`,
    413: "upload:too_large: details.limit is the box's limit in bytes",
    422: "validation: the message names the row, id or field; details.reason is a machine code (upload:nan, upload:wrong_length …)",
    429: "quota:exceeded: details.quota has the numbers",
    503: "database_unavailable: the database cannot be reached; nothing was stored. Retry after the Retry-After header's seconds (5)",
    507: "storage_full: the server's disk is full; nothing was stored. Tell the organizers",
  },
});

const teamList = (parameters: object[], short: boolean): Operation => ({
  summary: "Your team's submissions to this box, newest first, with the quota left",
  tags: ["Submissions"],
  security: SIGNED_IN,
  parameters,
  ok: {
    status: 200,
    description: "Team submissions (team and quota null when you are in no team)",
    schema: {
      type: "object",
      properties: {
        team: { type: ["object", "null"], properties: { id: { type: "string" }, name: { type: "string" } } },
        quota: { oneOf: [ref("Quota"), { type: "null" }] },
        submissions: { type: "array", items: ref("Submission") },
      },
    },
  },
  errors: { 404: "not_found: no such box", ...ambiguous(short) },
});

const leaderboard = (parameters: object[], short: boolean): Operation => ({
  summary: "Leaderboard of one box and submission kind (public)",
  description:
    "One row per team (its best scored submission), baselines as unranked rows. Frozen and versioned after the reveal. Truth metrics appear only where the truth is public.",
  tags: ["Leaderboards"],
  security: PUBLIC_READ,
  parameters: [...parameters, kind],
  ok: { status: 200, description: "Leaderboard", schema: ref("Leaderboard") },
  errors: {
    404: "not_found: no such box, or one the caller may not see",
    422: "validation: an unknown kind",
    ...ambiguous(short),
  },
});

const full = [param.slug, param.box];
const short = [param.shortBox];

/** Submissions and leaderboards, under both box paths (with the challenge, and the short form). */
export const submissionPaths = {
  "/api/v1/challenges/{slug}/boxes/{box}/submissions": {
    post: operation("post", upload(full, false)),
    get: operation("get", teamList(full, false)),
  },
  "/api/v1/boxes/{box}/submissions": {
    post: operation("post", upload(short, true)),
    get: operation("get", teamList(short, true)),
  },
  "/api/v1/submissions/{id}": {
    get: operation("get", {
      summary: "Status and evaluation of one submission (queued → scoring → scored | failed)",
      description:
        "Its team and the challenge's organizers see everything the team sent; anyone who may see the box sees a scored submission as the leaderboard does.",
      tags: ["Submissions"],
      security: PUBLIC_READ,
      parameters: [param.id("Submission")],
      ok: {
        status: 200,
        description: "Submission",
        schema: {
          type: "object",
          properties: { challenge: { type: "string" }, submission: ref("Submission") },
        },
      },
      errors: {
        404: "not_found: no such submission, or one the caller may not see (unscored: its team only)",
      },
    }),
  },
  "/api/v1/challenges/{slug}/boxes/{box}/leaderboard": { get: operation("get", leaderboard(full, false)) },
  "/api/v1/boxes/{box}/leaderboard": { get: operation("get", leaderboard(short, true)) },
};
