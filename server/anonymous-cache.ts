import { randomBytes } from "node:crypto";
import type http from "node:http";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";

/**
 * Leaderboards as anonymous visitors see them, served from memory while nothing they show has
 * changed: the page (`/challenges/{c}/boxes/{b}/leaderboard`) and the API
 * (`/api/v1/challenges/{c}/boxes/{b}/leaderboard`), ranked and rendered by Next.js once per change
 * instead of once per request (issue 18: 50 visitors at once on a 2-core machine).
 *
 * - **Who**: GET requests with no Authorization header, no session cookie and none of the headers of
 *   Next's client-side navigation (NEXT_VARY). Anything else — a signed-in user, a token, another
 *   method, an RSC fetch — goes to Next.js untouched, with its own access checks.
 * - **What is stored**: the status-200 response Next.js gave an earlier anonymous request for the same
 *   path and query (the same access decision: both are anonymous), without Set-Cookie.
 * - **When it is current**: every request reads one signature from the database — a hash of the
 *   challenge's and the box's rows (visibility, status, mode, archiving, the leaderboard version that
 *   every evaluation and team rename bumps, bumpLeaderboard) and the box's latest frozen-snapshot
 *   version — and is served from memory only when the stored response was rendered under the same
 *   signature, at most MAX_AGE_MS ago. A changed challenge or box, a new evaluation, a box that no
 *   longer exists, or a database error: Next.js answers, as for everyone else.
 * - **CSP**: each response gets a fresh nonce (proxy.ts): the stored one is replaced in the header and
 *   the body, so no two responses share one.
 * - `x-arena-cache: hit | miss` says which it was (absent: not eligible).
 * - Responses on these two paths are sent uncompressed (the stored body is rewritten per request);
 *   a reverse proxy in front may compress them.
 */

const PATHS = [
  /^\/api\/v1\/challenges\/([^/]+)\/boxes\/([^/]+)\/leaderboard$/,
  /^\/challenges\/([^/]+)\/boxes\/([^/]+)\/leaderboard$/,
];
/** next-auth's session cookie, under any of its prefixes. */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-|__Host-)?next-auth\.session-token(?:\.\d+)?=/;
/**
 * Request headers Next.js varies its answer on (its `Vary`) besides Accept-Encoding: a client-side
 * navigation's RSC payload is not the page. Requests with any of them, or the `_rsc` query parameter
 * Next's router adds to them, are not served from memory; a response that varies on anything else is
 * not kept.
 */
const NEXT_VARY = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch"];
const VARY_HANDLED = new Set([...NEXT_VARY, "accept-encoding"]);
/** A stored response is re-rendered at least this often (anything shown that depends on the clock). */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 256;
/** Headers not replayed: per-connection, or recomputed. */
const SKIP = new Set([
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "set-cookie",
]);
const NONCE = /'nonce-([A-Za-z0-9+/=]+)'/;

type Entry = {
  sig: string;
  at: number;
  headers: [string, string | string[]][];
  /** The stored response's CSP nonce, and its body split at every occurrence of it (one part without). */
  nonce: string | undefined;
  parts: string[];
};

export type AnonymousCache = {
  /** Serve `req` from memory, or pass it to `next` (and keep what it answers when it may). */
  handle(req: http.IncomingMessage, res: http.ServerResponse, next: () => Promise<void>): Promise<void>;
};

export function anonymousCache(db: Db): AnonymousCache {
  const entries = new Map<string, Entry>();

  async function signature(challenge: string, box: string): Promise<string | null> {
    const result = await db.execute(sql`
      select md5(row_to_json(c)::text || row_to_json(b)::text ||
        coalesce((select max(s.version)::text from leaderboard_snapshots s where s.black_box_id = b.id), '-')) as sig
      from black_boxes b join challenges c on c.id = b.challenge_id
      where c.slug = ${challenge} and b.slug = ${box}`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { sig: string }[];
    return rows.length === 1 ? rows[0]!.sig : null;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, next: () => Promise<void>) {
    const raw = req.url ?? "";
    const q = raw.indexOf("?");
    const pathname = q < 0 ? raw : raw.slice(0, q);
    const match = req.method === "GET" ? PATHS.map((p) => pathname.match(p)).find(Boolean) : null;
    const slugs = match ? decoded(match[1]!, match[2]!) : null;
    const router = NEXT_VARY.some((h) => req.headers[h] !== undefined) || /[?&]_rsc=/.test(raw);
    if (!slugs || router || req.headers.authorization || SESSION_COOKIE.test(req.headers.cookie ?? "")) {
      return next();
    }
    let sig: string | null;
    try {
      sig = await signature(slugs[0], slugs[1]);
    } catch {
      sig = null; // the database is unreachable: Next.js answers (503)
    }
    if (sig === null) {
      return next();
    }
    const key = raw;
    const hit = entries.get(key);
    if (hit && hit.sig === sig && Date.now() - hit.at < MAX_AGE_MS) {
      entries.delete(key);
      entries.set(key, hit); // most recently used last
      return serve(res, hit);
    }
    res.setHeader("x-arena-cache", "miss");
    delete req.headers["accept-encoding"];
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => http.ServerResponse;
    const take = (chunk: unknown, encoding: unknown) => {
      if (typeof chunk === "string") chunks.push(Buffer.from(chunk, (encoding as BufferEncoding) ?? "utf8"));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      take(chunk, typeof rest[0] === "string" ? rest[0] : undefined);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== "function")
        take(chunk, typeof rest[0] === "string" ? rest[0] : undefined);
      return end(chunk, ...rest);
    }) as typeof res.end;
    res.once("finish", () => {
      if (res.statusCode !== 200 || res.getHeader("set-cookie") !== undefined) return;
      if (res.getHeader("content-encoding") !== undefined) return;
      const vary = String(res.getHeader("vary") ?? "")
        .split(",")
        .map((v) => v.trim().toLowerCase())
        .filter(Boolean);
      if (vary.some((v) => !VARY_HANDLED.has(v))) return;
      const headers = Object.entries(res.getHeaders()).flatMap(([k, v]) =>
        SKIP.has(k) || v === undefined
          ? []
          : [[k, Array.isArray(v) ? v : String(v)] as [string, string | string[]]],
      );
      const csp = headers.find(([k]) => k === "content-security-policy")?.[1];
      const nonce = typeof csp === "string" ? csp.match(NONCE)?.[1] : undefined;
      const body = Buffer.concat(chunks).toString("utf8");
      entries.delete(key);
      entries.set(key, { sig, at: Date.now(), headers, nonce, parts: nonce ? body.split(nonce) : [body] });
      while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    });
    return next();
  }

  /** Both slugs percent-decoded, or null for a malformed escape (Next.js answers those). */
  function decoded(a: string, b: string): [string, string] | null {
    try {
      return [decodeURIComponent(a), decodeURIComponent(b)];
    } catch {
      return null;
    }
  }

  function serve(res: http.ServerResponse, e: Entry): void {
    const nonce = randomBytes(16).toString("base64");
    const old = e.nonce;
    for (const [k, v] of e.headers) {
      res.setHeader(
        k,
        k === "content-security-policy" && old && typeof v === "string" ? v.split(old).join(nonce) : v,
      );
    }
    res.setHeader("x-arena-cache", "hit");
    const body = Buffer.from(e.parts.join(nonce), "utf8");
    res.setHeader("content-length", body.length);
    res.statusCode = 200;
    res.end(body);
  }

  return { handle };
}
