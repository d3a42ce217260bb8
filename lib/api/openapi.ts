import { requestBodySchemas } from "./openapi-bodies";
import { responseSchemas } from "./openapi-components";
import { accountPaths } from "./openapi-paths-account";
import { boxPaths } from "./openapi-paths-boxes";
import { challengePaths } from "./openapi-paths-challenges";
import { submissionPaths } from "./openapi-paths-submissions";
import { evaluationSchemas } from "./openapi-schemas";
import { storedSchemas } from "./openapi-stored";

/**
 * The OpenAPI 3.1 description of every route under app/api but next-auth's own, served at
 * /api/v1/openapi.json. Request bodies are generated from the routes' zod schemas
 * (openapi-bodies.ts), the stored JSON the responses carry (metrics, claims, leaderboard rows, box
 * specs) from the database's zod schemas (openapi-stored.ts); the rest of the responses are
 * hand-written against their TypeScript types. A unit test walks
 * app/api and fails when a route file's method is missing here, or named here without a route.
 */
const description = `Every route under /api: accounts and API tokens, challenges, organizers, teams, black boxes, imports, downloads, submissions, leaderboards, health.

Authenticate with \`Authorization: Bearer <token>\` (create a token on your account page or with POST /api/v1/tokens) or a browser session. Public reads (operations whose security lists the empty requirement \`{}\`) need neither: anonymous callers get what the site's pages show a signed-out visitor; a token that is sent must still be valid. Operations with \`security: []\` read no caller at all. Who may call beyond signing in (organizers, admins, team members) is in each summary.

Errors: \`{ error: { code, message, details } }\` (the Error schema); a 422 lists each field in \`details.fields\`. Metric definitions: docs/scoring.md in the repository.

Left out: next-auth's own handler, GET and POST /api/auth/{nextauth} (sign-in, sign-out, session and OAuth callbacks of the web pages): next-auth's protocol for the browser, not an API for clients, which authenticate with tokens.`;

let bodies: ReturnType<typeof requestBodySchemas> | undefined;
let stored: ReturnType<typeof storedSchemas> | undefined;

export function openApiDocument(serverUrl: string) {
  bodies ??= requestBodySchemas();
  stored ??= storedSchemas();
  return {
    openapi: "3.1.0",
    info: { title: "Anomaly Arena API", version: "1", description },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
      },
      schemas: { ...responseSchemas, ...evaluationSchemas, ...stored, ...bodies },
    },
    paths: { ...accountPaths, ...challengePaths, ...boxPaths, ...submissionPaths },
  };
}
