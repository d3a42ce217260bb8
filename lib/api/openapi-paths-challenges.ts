import { listOf, operation, PUBLIC_READ, param, ref, SIGNED_IN, wrap } from "./openapi-common";

const NOT_PUBLISHED =
  "auth:forbidden: not a member, or the challenge is not published (teams change only while it is)";
const ORGANIZERS_ONLY = "auth:forbidden: not an organizer of the challenge (admins act as organizers)";
const HIDDEN = "not_found: no such challenge, or a draft the caller may not see";

/** Challenges, their organizers and audit log, teams and invites. */
export const challengePaths = {
  "/api/v1/challenges": {
    get: operation("get", {
      summary: "Published and archived challenges, plus the drafts you organize; newest first",
      tags: ["Challenges"],
      security: PUBLIC_READ,
      ok: { status: 200, description: "Challenges", schema: listOf("challenges", "Challenge") },
    }),
    post: operation("post", {
      summary: "Create a challenge (global role organizer or admin); you become its first organizer",
      tags: ["Challenges"],
      security: SIGNED_IN,
      body: "NewChallenge",
      ok: { status: 201, description: "Created", schema: wrap("challenge", ref("Challenge")) },
      errors: {
        403: "auth:forbidden: the global role is participant",
        409: "conflict: the slug is taken",
      },
    }),
  },
  "/api/v1/challenges/{slug}": {
    get: operation("get", {
      summary: "One challenge (a draft is 404 to all but its organizers)",
      tags: ["Challenges"],
      security: PUBLIC_READ,
      parameters: [param.slug],
      ok: { status: 200, description: "Challenge", schema: wrap("challenge", ref("Challenge")) },
      errors: { 404: HIDDEN },
    }),
    patch: operation("patch", {
      summary: "Organizers: change some fields (omitted ones stay; the slug cannot change); audited",
      tags: ["Challenges"],
      security: SIGNED_IN,
      parameters: [param.slug],
      body: "ChallengeChanges",
      ok: { status: 200, description: "The updated challenge", schema: wrap("challenge", ref("Challenge")) },
      errors: { 403: ORGANIZERS_ONLY, 404: HIDDEN },
    }),
  },
  "/api/v1/challenges/{slug}/organizers": {
    get: operation("get", {
      summary: "Organizers: the challenge's organizers with their emails, oldest first",
      tags: ["Organizers"],
      security: SIGNED_IN,
      parameters: [param.slug],
      ok: { status: 200, description: "Organizers", schema: listOf("organizers", "Organizer") },
      errors: { 403: ORGANIZERS_ONLY, 404: HIDDEN },
    }),
    post: operation("post", {
      summary: "Organizers: make an existing account a co-organizer (audited)",
      tags: ["Organizers"],
      security: SIGNED_IN,
      parameters: [param.slug],
      body: "NewOrganizer",
      ok: { status: 201, description: "Every organizer", schema: listOf("organizers", "Organizer") },
      errors: { 403: ORGANIZERS_ONLY, 404: HIDDEN, 422: "validation: `email` has no account" },
    }),
  },
  "/api/v1/challenges/{slug}/organizers/{userId}": {
    delete: operation("delete", {
      summary: "Organizers: remove an organizer (yourself included; audited)",
      tags: ["Organizers"],
      security: SIGNED_IN,
      parameters: [param.slug, param.userId],
      ok: { status: 200, description: "The remaining organizers", schema: listOf("organizers", "Organizer") },
      errors: {
        403: ORGANIZERS_ONLY,
        404: "not_found: no such challenge, or the user is not one of its organizers",
        409: "conflict: a challenge needs at least one organizer",
      },
    }),
  },
  "/api/v1/challenges/{slug}/audit": {
    get: operation("get", {
      summary: "Organizers: the newest 200 audit entries of the challenge, newest first",
      tags: ["Organizers"],
      security: SIGNED_IN,
      parameters: [param.slug],
      ok: { status: 200, description: "Audit entries", schema: listOf("entries", "AuditEntry") },
      errors: { 403: ORGANIZERS_ONLY, 404: HIDDEN },
    }),
  },
  "/api/v1/challenges/{slug}/teams": {
    get: operation("get", {
      summary: "Every team of a challenge you can see, oldest first, with its member count",
      tags: ["Teams"],
      security: PUBLIC_READ,
      parameters: [param.slug],
      ok: { status: 200, description: "Teams", schema: listOf("teams", "TeamListed") },
      errors: { 404: HIDDEN },
    }),
    post: operation("post", {
      summary: "Create a team with yourself as its first member (the challenge must be published)",
      tags: ["Teams"],
      security: SIGNED_IN,
      parameters: [param.slug],
      body: "TeamName",
      ok: { status: 201, description: "The team", schema: wrap("team", ref("Team")) },
      errors: {
        403: "auth:forbidden: the challenge is not published",
        404: HIDDEN,
        409: "conflict: a team name that reads like another's (case, spacing, look-alike letters); team:already_member: you are in a team of this challenge",
      },
    }),
  },
  "/api/v1/teams/{id}": {
    get: operation("get", {
      summary: "A team with its challenge and members (emails: members and organizers only)",
      tags: ["Teams"],
      security: PUBLIC_READ,
      parameters: [param.id("Team")],
      ok: { status: 200, description: "Team", schema: wrap("team", ref("TeamView")) },
      errors: { 404: "not_found: no such team, or a team of a draft the caller may not see" },
    }),
    patch: operation("patch", {
      summary: "Members: rename the team (the challenge must be published)",
      tags: ["Teams"],
      security: SIGNED_IN,
      parameters: [param.id("Team")],
      body: "TeamName",
      ok: { status: 200, description: "The team", schema: wrap("team", ref("Team")) },
      errors: { 403: NOT_PUBLISHED, 404: "not_found: no such team", 409: "conflict: the name is taken" },
    }),
  },
  "/api/v1/teams/{id}/invites": {
    post: operation("post", {
      summary: "Members: create an invite link, valid 14 days (no body; the token is shown only here)",
      tags: ["Teams"],
      security: SIGNED_IN,
      parameters: [param.id("Team")],
      ok: {
        status: 201,
        description: "The invite",
        schema: {
          type: "object",
          properties: {
            token: { type: "string" },
            url: { type: "string", description: "<NEXTAUTH_URL>/invite/<token>" },
            expiresAt: { type: "string", format: "date-time" },
          },
        },
      },
      errors: { 403: NOT_PUBLISHED, 404: "not_found: no such team" },
    }),
  },
  "/api/v1/teams/{id}/leave": {
    post: operation("post", {
      summary:
        "Members: leave the team (the last member's leaving archives a team with submissions, else deletes it)",
      tags: ["Teams"],
      security: SIGNED_IN,
      parameters: [param.id("Team")],
      ok: {
        status: 200,
        description: "What became of the team",
        schema: {
          type: "object",
          properties: { teamDeleted: { type: "boolean" }, teamArchived: { type: "boolean" } },
        },
      },
      errors: { 403: NOT_PUBLISHED, 404: "not_found: no such team" },
    }),
  },
  "/api/v1/invites/{token}": {
    post: operation("post", {
      summary: "Join the team an invite token belongs to (no body)",
      tags: ["Teams"],
      security: SIGNED_IN,
      parameters: [param.token],
      ok: { status: 200, description: "The team joined", schema: wrap("team", ref("TeamView")) },
      errors: {
        404: "team:invite_invalid: unknown or expired token, or the challenge is not published",
        409: "team:already_member: already in a team of this challenge; conflict: the team is full",
      },
    }),
  },
};
