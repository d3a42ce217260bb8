import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { actorFromRequest } from "@/lib/auth/session";
import { type Db, getDb } from "@/lib/db/client";
import { AppError, errorBody, isAppError, unauthenticated } from "@/lib/errors";

type Params = Record<string, string>;
type Ctx<P extends Params> = { req: Request; params: P; actor: Actor; db: Db };

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

export function errorResponse(e: unknown, where: string): Response {
  if (!isAppError(e)) {
    // Log the stack, never the request: bodies may hold passwords or tokens.
    console.error(`[api] ${where}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const { status, body } = errorBody(e);
  return json(body, status);
}

/** JSON bodies of this API are small forms; anything larger is refused before it is parsed. */
export const MAX_JSON_BYTES = 256 * 1024;

/** Read a JSON body; a malformed or oversized one is a 422 naming the body. */
export async function readJson(req: Request): Promise<unknown> {
  const tooLarge = () =>
    new AppError("validation", `The request body is larger than ${MAX_JSON_BYTES} bytes.`, {
      fields: [{ field: "(body)", message: `must be at most ${MAX_JSON_BYTES} bytes` }],
    });
  if (Number(req.headers.get("content-length") ?? 0) > MAX_JSON_BYTES) throw tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw tooLarge();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("validation", "The request body is not valid JSON.", {
      fields: [{ field: "(body)", message: "must be a JSON object" }],
    });
  }
}

/**
 * Wrap an `app/api/v1/**` handler: resolve the caller (Bearer token or session; anonymous → 401),
 * run it, and turn AppErrors into the shared `{ error: { code, message, details } }` envelope.
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
      const result = await fn({ req, params: await context.params, actor, db: await getDb() });
      if (result instanceof Response) return result;
      return json(result ?? { ok: true }, opts.status ?? 200);
    } catch (e) {
      return errorResponse(e, where);
    }
  };
}
