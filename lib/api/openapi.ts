import { evaluationSchemas } from "./openapi-schemas";

/**
 * The OpenAPI 3.1 description of the participant-facing API (boxes, downloads, submissions, status,
 * leaderboards), served at /api/v1/openapi.json. Hand-written and small; a test checks that every
 * path it names exists as a route file.
 */
const error = {
  description: "Error envelope",
  content: {
    "application/json": {
      schema: { $ref: "#/components/schemas/Error" },
    },
  },
};
/**
 * Security of the public reads (what the site's pages show a signed-out visitor): anonymous (`{}`),
 * or a token or session, which then must be valid and may see more (organizers: drafts, build check).
 */
const PUBLIC_READ = [{}, { bearer: [] }, { session: [] }];
const badToken = { ...error, description: "An invalid or revoked token (never read as anonymous)" };
const boxParams = [
  { name: "slug", in: "path", required: true, schema: { type: "string" }, description: "Challenge slug" },
  { name: "box", in: "path", required: true, schema: { type: "string" }, description: "Black box slug" },
];
const shortParams = [
  {
    name: "box",
    in: "path",
    required: true,
    schema: { type: "string" },
    description: "Black box slug (unique across visible challenges, else 409)",
  },
];
const kindParam = {
  name: "kind",
  in: "query",
  schema: { type: "string", enum: ["scores", "claim", "top-ids"], default: "scores" },
};
const upload = {
  summary: "Submit per-event scores, top-K event ids or a resonance claim",
  description:
    "Validated completely in the request (length or id coverage, finite values, unique in-range ids, claim ranges); a refused upload stores nothing and costs no quota. Bodies: multipart/form-data (`file`, `kind`, `method`, `description`; or `kind=claim` + `claim` JSON text), application/json claims, or the raw file with `?kind=&filename=&method=`. Quotas per team per UTC day and in total.",
  security: [{ bearer: [] }, { session: [] }],
  requestBody: {
    required: true,
    content: {
      "multipart/form-data": {
        schema: {
          type: "object",
          properties: {
            file: { type: "string", format: "binary" },
            kind: { type: "string", enum: ["scores", "top-ids", "claim"] },
            method: { type: "string", maxLength: 120 },
            description: { type: "string", maxLength: 4000 },
            claim: { type: "string", description: "Claim as JSON text" },
          },
        },
      },
      "application/json": {
        schema: {
          type: "object",
          required: ["claim"],
          properties: {
            kind: { const: "claim" },
            claim: { $ref: "#/components/schemas/Claim" },
            method: { type: "string" },
            description: { type: "string" },
          },
        },
      },
      "application/octet-stream": { schema: { type: "string", format: "binary" } },
    },
  },
  responses: {
    "201": {
      description: "Accepted and queued for scoring",
      content: {
        "application/json": {
          schema: {
            type: "object",
            properties: {
              submission: { $ref: "#/components/schemas/SubmissionRef" },
              quota: { $ref: "#/components/schemas/Quota" },
            },
          },
        },
      },
    },
    "401": error,
    "403": error,
    "404": error,
    "409": error,
    "413": error,
    "422": error,
    "429": error,
  },
};
const teamList = {
  summary: "Your team's submissions to this box, newest first, with the quota left",
  security: [{ bearer: [] }, { session: [] }],
  responses: {
    "200": {
      description: "Team submissions",
      content: { "application/json": { schema: { type: "object" } } },
    },
    "401": error,
    "404": error,
  },
};
const leaderboard = {
  summary: "Leaderboard of one box and submission kind (public)",
  security: PUBLIC_READ,
  description:
    "One row per team (its best scored submission), baselines as unranked rows. Frozen and versioned after the reveal. Truth metrics appear only where the truth is public.",
  parameters: [kindParam],
  responses: {
    "200": {
      description: "Leaderboard",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Leaderboard" } } },
    },
    "404": error,
    "422": error,
  },
};

export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Anomaly Arena API",
      version: "1",
      description:
        "Black boxes, downloads, submissions and leaderboards. Authenticate with `Authorization: Bearer <token>` (create a token on your account page) or a browser session; public reads (operations with an empty security requirement `{}`) need neither. Errors: `{ error: { code, message, details } }`. Metric definitions: SCORING.md.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: {
        Error: {
          type: "object",
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string" },
                message: { type: "string" },
                details: { type: "object" },
              },
            },
          },
        },
        Claim: {
          type: "object",
          description:
            "SCORING §3: masses and width in GeV, in (0, √s of the box) (daughters also below the box's claims.maxDaughterMass); 0 ≤ nSignal ≤ the events in the box; an uncertainty below the box's resolution counts as the resolution in the log score.",
          required: ["signalPresent"],
          properties: {
            signalPresent: { type: "boolean" },
            mass: { type: "number", exclusiveMinimum: 0 },
            massUncertainty: { type: "number", exclusiveMinimum: 0 },
            width: { type: "number", exclusiveMinimum: 0 },
            nSignal: { type: "number", minimum: 0 },
            nSignalUncertainty: { type: "number", exclusiveMinimum: 0 },
            daughterMasses: {
              type: "array",
              items: {
                type: "object",
                properties: { mass: { type: "number" }, uncertainty: { type: "number" } },
              },
            },
            pValue: { type: "number", minimum: 0, maximum: 1 },
            description: { type: "string" },
          },
        },
        SubmissionRef: {
          type: "object",
          properties: {
            id: { type: "string", format: "uuid" },
            kind: { type: "string" },
            status: { type: "string", enum: ["queued", "scoring", "scored", "failed"] },
            createdAt: { type: "string", format: "date-time" },
          },
        },
        Quota: {
          type: "object",
          properties: {
            perDay: { type: "integer" },
            total: { type: "integer" },
            usedToday: { type: "integer" },
            usedTotal: { type: "integer" },
            remaining: { type: "integer" },
          },
        },
        Leaderboard: {
          type: "object",
          properties: {
            challenge: { type: "string" },
            box: { $ref: "#/components/schemas/BlackBox" },
            kind: { type: "string" },
            ranking: {
              type: "object",
              properties: {
                key: { type: ["string", "null"] },
                label: { type: "string" },
                higherIsBetter: { type: "boolean" },
                secondary: { type: ["string", "null"] },
              },
            },
            frozen: { type: ["object", "null"] },
            rows: { type: "array", items: { $ref: "#/components/schemas/LeaderboardRow" } },
          },
        },
        ...evaluationSchemas,
      },
    },
    paths: {
      "/api/health": {
        get: {
          summary: "Liveness: { ok, db, worker, device }",
          responses: { "200": { description: "Healthy" } },
        },
      },
      "/api/v1/challenges/{slug}/boxes": {
        get: {
          summary: "Black boxes of a challenge you can see (no sign-in needed for a published challenge)",
          security: PUBLIC_READ,
          parameters: [boxParams[0]],
          responses: {
            "200": {
              description: "Boxes (organizers also get each box's build and build check)",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      boxes: { type: "array", items: { $ref: "#/components/schemas/BlackBox" } },
                    },
                  },
                },
              },
            },
            "401": badToken,
            "404": error,
          },
        },
      },
      "/api/v1/challenges/{slug}/boxes/{box}": {
        get: {
          summary: "One black box: status, deadlines, event count, public file SHA-256, truth commitment",
          description:
            "Anyone may read a box that is not a draft (in a challenge that is not a draft), signed in or not. The challenge's organizers (and admins) also get `build` and `buildCheck`: the plain bump hunt run when the box was built (SCORING §2), to read before opening the box.",
          security: PUBLIC_READ,
          parameters: boxParams,
          responses: {
            "200": {
              description: "Box",
              content: {
                "application/json": {
                  schema: { type: "object", properties: { box: { $ref: "#/components/schemas/BlackBox" } } },
                },
              },
            },
            "401": badToken,
            "404": error,
          },
        },
        delete: {
          summary:
            "Delete a draft box and the stored files no other box or submission uses (organizers; audited)",
          description:
            "Only a draft that is not being built: any box that has been opened answers 409 and stays, as does one whose build is running.",
          security: [{ bearer: [] }, { session: [] }],
          parameters: boxParams,
          responses: {
            "200": {
              description: "Deleted",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      deleted: {
                        type: "object",
                        properties: { slug: { type: "string" }, filesRemoved: { type: "integer" } },
                      },
                    },
                  },
                },
              },
            },
            "401": error,
            "403": error,
            "404": error,
            "409": error,
          },
        },
      },
      "/api/files/{slug}/{box}/public.h5": {
        get: {
          summary: "Download the public HDF5 file (streamed; ETag, If-None-Match, Range)",
          security: PUBLIC_READ,
          parameters: boxParams,
          responses: {
            "200": { description: "HDF5 bytes" },
            "206": { description: "A byte range" },
            "304": { description: "Not modified" },
            "404": error,
          },
        },
      },
      "/api/files/{slug}/{box}/truth.h5": {
        get: {
          summary:
            "Download the sealed truth file — after the reveal (practice boxes: once open; organizers: always; 404 otherwise)",
          security: PUBLIC_READ,
          parameters: boxParams,
          responses: {
            "200": { description: "HDF5 bytes whose SHA-256 equals the published commitment" },
            "404": error,
          },
        },
      },
      "/api/v1/challenges/{slug}/boxes/{box}/submissions": {
        post: { ...upload, parameters: boxParams },
        get: { ...teamList, parameters: boxParams },
      },
      "/api/v1/boxes/{box}/submissions": {
        post: { ...upload, parameters: shortParams },
        get: { ...teamList, parameters: shortParams },
      },
      "/api/v1/submissions/{id}": {
        get: {
          summary: "Status and evaluation of one submission (queued → scoring → scored | failed)",
          security: PUBLIC_READ,
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          ],
          responses: {
            "200": {
              description: "Submission",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      challenge: { type: "string" },
                      submission: {
                        type: "object",
                        properties: {
                          id: { type: "string", format: "uuid" },
                          status: { type: "string", enum: ["queued", "scoring", "scored", "failed"] },
                          evaluation: {
                            oneOf: [{ $ref: "#/components/schemas/Evaluation" }, { type: "null" }],
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            "404": error,
          },
        },
      },
      "/api/v1/challenges/{slug}/boxes/{box}/leaderboard": {
        get: { ...leaderboard, parameters: [...boxParams, kindParam] },
      },
      "/api/v1/boxes/{box}/leaderboard": { get: { ...leaderboard, parameters: [...shortParams, kindParam] } },
      "/api/v1/challenges/{slug}/imports/files": {
        post: {
          summary:
            "Organizers: stage one real-data file (LHCO .h5, masterkey, ADC2021 .h5, Dark Machines .csv) as the raw body; returns its upload id, detected format and role, and a preview",
          security: [{ bearer: [] }, { session: [] }],
          parameters: [
            boxParams[0],
            {
              name: "name",
              in: "query",
              required: true,
              schema: { type: "string" },
              description: "File name",
            },
          ],
          requestBody: {
            content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
          },
          responses: {
            "201": { description: "Staged file with preview" },
            "401": error,
            "403": error,
            "413": error,
            "422": error,
          },
        },
      },
      "/api/v1/challenges/{slug}/imports": {
        post: {
          summary:
            "Organizers: create a draft box from staged files ({ slug, title, mode, format, files: [{ upload, role }], signals? }) and queue its build",
          security: [{ bearer: [] }, { session: [] }],
          parameters: [boxParams[0]],
          responses: {
            "202": { description: "{ box, jobId }" },
            "401": error,
            "403": error,
            "409": error,
            "422": error,
          },
        },
      },
      "/api/v1/challenges/{slug}/imports/{job}": {
        get: {
          summary: "Organizers: an import build's status, progress and error (a failed import keeps no box)",
          security: [{ bearer: [] }, { session: [] }],
          parameters: [
            boxParams[0],
            { name: "job", in: "path", required: true, schema: { type: "string", format: "uuid" } },
          ],
          responses: { "200": { description: "Job status" }, "401": error, "403": error, "404": error },
        },
      },
      "/api/v1/openapi.json": {
        get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1" } } },
      },
    },
  };
}
