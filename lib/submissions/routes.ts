import "server-only";
import { apiRoute, json, publicApiRoute } from "@/lib/api/route";
import { submissionSettings } from "./config";
import { type BoxRef, createSubmission, resolveBox } from "./create";
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
      const ref = refOf(params);
      const key = idempotencyKeyOf(req);
      const { box } = await resolveBox(db, requireActor(actor), ref);
      const input = await readUpload(req, submissionSettings(box).maxUploadBytes);
      const keyed = key === undefined ? undefined : { key, hash: uploadFingerprint(input) };
      const { submission, quota, replayed } = await createSubmission(db, actor, ref, input, keyed);
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

export const leaderboardHandler = publicApiRoute<P>(async ({ req, params, actor, db }) =>
  boxLeaderboard(db, actor, refOf(params), parseKind(new URL(req.url).searchParams.get("kind"))),
);
