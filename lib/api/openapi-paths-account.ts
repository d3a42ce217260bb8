import { json, listOf, NO_AUTH, operation, param, ref, SIGNED_IN, wrap } from "./openapi-common";

/** Your account and API tokens, the admins' user list, health and this document. */
export const accountPaths = {
  "/api/v1/me": {
    get: operation("get", {
      summary: "Who the token or session belongs to, and the caller's teams",
      tags: ["Account"],
      security: SIGNED_IN,
      ok: {
        status: 200,
        description: "The caller; `role` is the global role, read on every request",
        schema: {
          type: "object",
          properties: {
            user: {
              type: "object",
              properties: {
                id: { type: "string", format: "uuid" },
                email: { type: "string" },
                name: { type: "string" },
                role: { type: "string", enum: ["admin", "organizer", "participant"] },
              },
            },
            teams: {
              type: "array",
              items: {
                type: "object",
                properties: {
                  id: { type: "string", format: "uuid" },
                  name: { type: "string" },
                  challengeSlug: { type: "string" },
                  challengeTitle: { type: "string" },
                },
              },
            },
          },
        },
      },
    }),
  },
  "/api/v1/tokens": {
    get: operation("get", {
      summary:
        "Your own API tokens, newest first (revoked and expired included; never the tokens themselves)",
      tags: ["Tokens"],
      security: SIGNED_IN,
      ok: { status: 200, description: "Tokens", schema: listOf("tokens", "Token") },
    }),
    post: operation("post", {
      summary: "Create an API token for yourself: the answer is the only time the token is shown",
      tags: ["Tokens"],
      security: SIGNED_IN,
      body: "NewToken",
      ok: {
        status: 201,
        description: "The token (`arena_` + 32 base64url characters) and its record",
        schema: {
          allOf: [
            ref("Token"),
            { type: "object", properties: { token: { type: "string" }, note: { type: "string" } } },
          ],
        },
      },
    }),
  },
  "/api/v1/tokens/{id}": {
    delete: operation("delete", {
      summary: "Revoke one of your tokens (refused from the next request on; a token may revoke itself)",
      tags: ["Tokens"],
      security: SIGNED_IN,
      parameters: [param.id("Token")],
      ok: {
        status: 200,
        description: "Revoked",
        schema: {
          type: "object",
          properties: { ok: { const: true }, revoked: { type: "string", format: "uuid" } },
        },
      },
      errors: { 404: "not_found: someone else's token, an unknown id or a token revoked already" },
    }),
  },
  "/api/v1/users": {
    get: operation("get", {
      summary: "Admins: every account, oldest first",
      tags: ["Users"],
      security: SIGNED_IN,
      ok: { status: 200, description: "Users", schema: listOf("users", "User") },
      errors: { 403: "auth:forbidden: not an admin" },
    }),
  },
  "/api/v1/users/{id}": {
    patch: operation("patch", {
      summary: "Admins: set a user's global role (audited as user.role)",
      tags: ["Users"],
      security: SIGNED_IN,
      parameters: [param.id("User")],
      body: "RoleChange",
      ok: { status: 200, description: "The user", schema: wrap("user", ref("User")) },
      errors: {
        403: "auth:forbidden: not an admin",
        404: "not_found: no such user",
        409: "conflict: an admin removing their own admin role, or demoting the last admin",
      },
    }),
  },
  "/api/health": {
    get: operation("get", {
      summary: "Liveness for load balancers: the database answers and a worker beat recently",
      tags: ["Meta"],
      security: NO_AUTH,
      ok: { status: 200, description: "Healthy", schema: ref("Health") },
      more: { "503": { description: "No worker is alive (the same body)", content: json(ref("Health")) } },
    }),
  },
  "/api/v1/openapi.json": {
    get: operation("get", {
      summary: "This document (OpenAPI 3.1)",
      tags: ["Meta"],
      security: NO_AUTH,
      ok: { status: 200, description: "OpenAPI 3.1", schema: { type: "object" } },
    }),
  },
};
