import "server-only";
import { apiRoute, json, publicApiRoute } from "@/lib/api/route";
import { type BoxRef, getBoxForUpload } from "./box-ref";
import { createSubmission } from "./create";
import { readUpload } from "./http";
import { idempotencyKeyOf, uploadFingerprint } from "./idempotency";
import { boxLeaderboard, parseKind, teamSubmissions } from "./queries";
import { requireActor } from "@/lib/auth/permissions";

type P = { box: string; slug?: string };
const refOf = (p: P): BoxRef => (p.slug ? { challengeSlug: p.slug, boxSlug: p.box } : { boxSlug: p.box });

/**
 * The handlers behind both box paths (`/api/v1/boxes/{box}/…` and
 * `/api/v1/challenges/{slug}/boxes/{box}/…`): POST an upload (with an optional Idempotency-Key:
 * lib/submissions/idempotency.ts), GET the team's submissions, GET the leaderboard (public).
 */
export const submissionHandlers = {
  POST: apiRoute<P>(
    async ({ req, params, actor, db }) => {
      const key = idempotencyKeyOf(req);
      // Resolved once, settings parsed once: the body is read under the box's limit, then stored.
      const target = await getBoxForUpload(db, requireActor(actor), refOf(params));
      const input = await readUpload(req, target.settings.maxUploadBytes);
      const keyed = key === undefined ? undefined : { key, hash: uploadFingerprint(input) };
      const { submission, quota, replayed } = await createSubmission(db, actor, target, input, keyed);
      const body = {
        submission: {
          id: submission.id,
          kind: submission.kind,
          status: submission.status,
          createdAt: submission.createdAt,
        },
        quota,
        ...(keyed ? { replayed } : {}),
      };
      // A replay answers as the first upload did (201), marked so a client can tell.
      if (!replayed) return body;
      const res = json(body, 201);
      res.headers.set("idempotent-replayed", "true");
      return res;
    },
    { status: 201 },
  ),
  GET: apiRoute<P>(async ({ params, actor, db }) => teamSubmissions(db, actor, refOf(params))),
};

/** The last response body made for a live ranking's rows, by the rest of the document (./leaderboard-cache). */
const bodies = new WeakMap<object, { head: string; body: Uint8Array<ArrayBuffer> }>();

/**
 * The leaderboard as JSON, the same document `json()` would write, made once per cached ranking and
 * viewer-dependent head (box view, kind) rather than once per request: a box with 500 teams answers
 * ~170 kB, and stringifying it was a fifth of each request's time under load.
 */
export const leaderboardHandler = publicApiRoute<P>(async ({ req, params, actor, db }) => {
  const kind = parseKind(new URL(req.url).searchParams.get("kind"));
  const { rows, ...rest } = await boxLeaderboard(db, actor, refOf(params), kind);
  const head = JSON.stringify(rest);
  let made = bodies.get(rows);
  if (made?.head !== head) {
    made = { head, body: new TextEncoder().encode(`${head.slice(0, -1)},"rows":${JSON.stringify(rows)}}`) };
    bodies.set(rows, made);
  }
  return new Response(made.body, {
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
});
