import "server-only";
import { isInputError } from "@/core/errors";
import type { Actor } from "@/lib/auth/actor";
import { actorFromRequest } from "@/lib/auth/session";
import { type Db, getDb } from "@/lib/db/client";
import { cappedChunks, declaredLength } from "@/lib/api/body";
import { assertSameOrigin } from "@/lib/api/same-origin";
import {
  AppError,
  DB_RETRY_AFTER_SECONDS,
  describeForLog,
  errorBody,
  isAppError,
  unauthenticated,
} from "@/lib/errors";

type Params = Record<string, string>;
type Ctx<P extends Params> = { req: Request; params: P; actor: Actor; db: Db };

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

/**
 * The error envelope for `e` (errorBody). Unexpected errors, database outages and a full disk are
 * logged (without SQL parameters); a `database_unavailable` answer (503) says when to retry.
 */
export function errorResponse(e: unknown, where: string): Response {
  if (!isAppError(e) && !isInputError(e)) console.error(`[api] ${where}: ${describeForLog(e)}`);
  const { status, body } = errorBody(e);
  const res = json(body, status);
  if (status === 503) res.headers.set("retry-after", String(DB_RETRY_AFTER_SECONDS));
  return res;
}

/** JSON bodies of this API are small forms; anything larger is refused before it is parsed. */
export const MAX_JSON_BYTES = 256 * 1024;

const bodyError = (message: string, fieldMessage: string) =>
  new AppError("validation", message, { fields: [{ field: "(body)", message: fieldMessage }] });

/**
 * A request body of at most `cap` bytes, counted while streaming — a missing or false Content-Length
 * changes nothing; over the cap the stream is cancelled and `tooLarge(size)` thrown.
 */
export async function readBodyCapped(req: Request, cap: number, tooLarge: (size: number) => Error) {
  const declared = declaredLength(req);
  const chunks: Uint8Array[] = [];
  for await (const chunk of cappedChunks(req.body, cap, tooLarge, declared)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Read a JSON body: `Content-Type: application/json` (which also keeps cross-site HTML forms out),
 * at most MAX_JSON_BYTES — counted while streaming, so a body without Content-Length cannot fill
 * memory — and valid JSON. Each failure is a 422 naming the body; so is an empty body, which once
 * read as `{}` whatever its content type, the shape a cross-site form post can send.
 */
export async function readJson(req: Request): Promise<unknown> {
  const tooLarge = () =>
    bodyError(
      `The request body is larger than ${MAX_JSON_BYTES} bytes.`,
      `must be at most ${MAX_JSON_BYTES} bytes`,
    );
  const text = (await readBodyCapped(req, MAX_JSON_BYTES, tooLarge)).toString("utf8");
  if (text.trim() === "") {
    throw bodyError("The request body is empty; send a JSON object.", "is required: send a JSON object");
  }
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw bodyError(
      "Send the body as JSON with 'Content-Type: application/json'.",
      "must be sent as application/json",
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw bodyError("The request body is not valid JSON.", "must be a JSON object");
  }
}

/**
 * Wrap an `app/api/v1/**` handler: resolve the caller (Bearer token or session; anonymous → 401),
 * refuse a cookie-authenticated unsafe request from another site (assertSameOrigin), run it, and turn AppErrors into the shared `{ error: { code, message, details } }` envelope.
 * The handler still checks the permission it needs — through the lib/ function it calls.
 */
export function apiRoute<P extends Params = Params>(
  fn: (ctx: Ctx<P>) => Promise<unknown>,
  opts: { status?: number } = {},
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const where = `${req.method} ${new URL(req.url).pathname}`;
    try {
      const actor = await actorFromRequest(req);
      if (!actor) throw unauthenticated();
      if (actor.via === "session") assertSameOrigin(req);
      const result = await fn({ req, params: await context.params, actor, db: await getDb() });
      if (result instanceof Response) return result;
      return json(result ?? { ok: true }, opts.status ?? 200);
    } catch (e) {
      return errorResponse(e, where);
    }
  };
}

/**
 * Like apiRoute for the public reads — what the site's pages show a signed-out visitor: challenges,
 * boxes, teams, leaderboards, a scored submission. The caller may be anonymous (actor null) and gets
 * the view the page's own lib/ function gives a viewer without a session; a token that is sent must
 * still be valid (401 otherwise, never a fall-back to anonymous).
 */
export function publicApiRoute<P extends Params = Params>(
  fn: (ctx: Omit<Ctx<P>, "actor"> & { actor: Actor | null }) => Promise<unknown>,
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const where = `${req.method} ${new URL(req.url).pathname}`;
    try {
      const actor = await actorFromRequest(req);
      if (actor?.via === "session") assertSameOrigin(req);
      const result = await fn({ req, params: await context.params, actor, db: await getDb() });
      if (result instanceof Response) return result;
      return json(result ?? { ok: true });
    } catch (e) {
      return errorResponse(e, where);
    }
  };
}
