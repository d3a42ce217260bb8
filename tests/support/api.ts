import { vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";

/**
 * The session next-auth would return for the next request. Route handlers are called directly in
 * integration tests; `getServerSession` (which reads cookies through Next's request context) is the
 * only piece replaced — the user is still re-read from the database like in production.
 */
export const session: { current: Actor | null } = { current: null };

vi.mock("next-auth", async (importOriginal) => {
  const orig = await importOriginal<typeof import("next-auth")>();
  return {
    ...orig,
    getServerSession: vi.fn(async () =>
      session.current
        ? {
            user: { id: session.current.id, email: session.current.email, name: session.current.name },
            expires: "",
          }
        : null,
    ),
  };
});

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallResult = { status: number; body: Record<string, unknown>; text: string };

/** Call a route handler as `as` (an Actor for a session, a string for a Bearer token, null for anonymous). */
export async function call(
  handler: Handler,
  opts: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    body?: unknown;
    as: Actor | string | null;
    contentType?: string;
  },
): Promise<CallResult> {
  session.current = typeof opts.as === "object" ? opts.as : null;
  const headers = new Headers({ "content-type": opts.contentType ?? "application/json" });
  if (typeof opts.as === "string") headers.set("authorization", `Bearer ${opts.as}`);
  // A signed-in browser on the app's own pages sends its origin (lib/api/same-origin.ts checks it).
  else headers.set("origin", "http://arena.test");
  const req = new Request(`http://arena.test${opts.path ?? "/api/v1/x"}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
