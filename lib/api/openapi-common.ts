/**
 * The building blocks of the OpenAPI document's operations: who may call (security), the shared
 * parameters, and `operation()`, which adds the error responses every route of a kind answers —
 * 401 for a missing or bad caller, 403 `auth:cross_origin` for a cookie-signed write from another
 * site, 422 `(body)` for a JSON body that is not one — so each path lists only its own.
 */

/** Any valid API token or session (apiRoute): anonymous callers get 401 `auth:unauthenticated`. */
export const SIGNED_IN = [{ bearer: [] }, { session: [] }];
/**
 * Security of the public reads (what the site's pages show a signed-out visitor): anonymous (`{}`),
 * or a token or session, which then must be valid and may see more (organizers: drafts, build check).
 */
export const PUBLIC_READ = [{}, ...SIGNED_IN];
/** Routes that read no caller at all (health, this document): `[]` overrides every requirement. */
export const NO_AUTH: never[] = [];

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: object) => ({ "application/json": { schema } });
/** An object response `{ key: <schema> }`, the shape most routes answer. */
export const wrap = (key: string, schema: object) => ({
  type: "object",
  required: [key],
  properties: { [key]: schema },
});
export const listOf = (key: string, name: string) => wrap(key, { type: "array", items: ref(name) });

const pathParam = (name: string, description: string, schema: object = { type: "string" }) => ({
  name,
  in: "path",
  required: true,
  schema,
  description,
});
const uuid = { type: "string", format: "uuid" };
export const param = {
  slug: pathParam("slug", "Challenge slug"),
  box: pathParam("box", "Black box slug"),
  shortBox: pathParam("box", "Black box slug (unique across the challenges you can see, else 409)"),
  id: (what: string) => pathParam("id", `${what} id`, uuid),
  userId: pathParam("userId", "User id", uuid),
  job: pathParam("job", "The build job's id (from POST …/imports)", uuid),
  token: pathParam("token", "The invite token (the last part of the invite link)"),
  file: pathParam("file", "`public.h5` (the events) or `truth.h5` (the sealed truth)", {
    type: "string",
    enum: ["public.h5", "truth.h5"],
  }),
};

const error = (description: string) => ({ description, content: json(ref("Error")) });
const UNAUTHENTICATED =
  "auth:unauthenticated (no token and no session), token:invalid or token:revoked (revoked or expired)";
const BAD_TOKEN =
  "token:invalid or token:revoked: a token that is sent must be valid (never read as anonymous)";
const CROSS_ORIGIN =
  "auth:cross_origin: a write signed in by the session cookie that did not come from this site's pages";
const BAD_BODY =
  "validation: details.fields names each field and the fix; `(body)` for a body that is empty, not JSON, not sent as application/json or over 256 KiB";

type Method = "get" | "post" | "patch" | "put" | "delete";
export type Operation = {
  summary: string;
  description?: string;
  tags: string[];
  security: object[];
  parameters?: object[];
  /** A JSON body: the component schema's name (generated from the route's zod schema). */
  body?: string;
  /** Any other request body, as OpenAPI writes it. */
  requestBody?: object;
  ok: { status: number; description: string; schema?: object; content?: object };
  /** Error statuses the route answers beyond the automatic ones, with the codes behind them. */
  errors?: Record<number, string>;
  /** Other non-error responses (304, 206 …). */
  more?: Record<string, object>;
};

/**
 * One operation with its error envelope responses: 401 where a caller is read, 403 cross-origin for
 * cookie-signed writes, 422 for JSON bodies, and `default` (500 `internal`) everywhere.
 */
export function operation(method: Method, o: Operation) {
  const errors: Record<number, string> = { ...o.errors };
  const add = (status: number, text: string) => {
    errors[status] = errors[status] ? `${errors[status]}; ${text}` : text;
  };
  const anonymous = o.security.some((s) => Object.keys(s).length === 0);
  const session = o.security.some((s) => "session" in s);
  if (o.security.length > 0) add(401, anonymous ? BAD_TOKEN : UNAUTHENTICATED);
  if (method !== "get" && session) add(403, CROSS_ORIGIN);
  if (o.body) add(422, BAD_BODY);
  const responses: Record<string, object> = {
    [o.ok.status]: {
      description: o.ok.description,
      ...(o.ok.content ? { content: o.ok.content } : o.ok.schema ? { content: json(o.ok.schema) } : {}),
    },
    ...o.more,
  };
  for (const [status, text] of Object.entries(errors).sort()) responses[status] = error(text);
  responses.default = error("internal (500): an unexpected error; the server log has the details");
  return {
    summary: o.summary,
    ...(o.description ? { description: o.description } : {}),
    tags: o.tags,
    security: o.security,
    ...(o.parameters?.length ? { parameters: o.parameters } : {}),
    ...(o.body ? { requestBody: { required: true, content: json(ref(o.body)) } } : {}),
    ...(o.requestBody ? { requestBody: o.requestBody } : {}),
    responses,
  };
}
