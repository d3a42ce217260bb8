import "server-only";
import { apiRoute, publicApiRoute } from "@/lib/api/route";
import { submissionSettings } from "./config";
import { type BoxRef, createSubmission, resolveBox } from "./create";
import { readUpload } from "./http";
import { boxLeaderboard, parseKind, teamSubmissions } from "./queries";
import { requireActor } from "@/lib/auth/permissions";

type P = { box: string; slug?: string };
const refOf = (p: P): BoxRef => (p.slug ? { challengeSlug: p.slug, boxSlug: p.box } : { boxSlug: p.box });

/**
 * The handlers behind both box paths (`/api/v1/boxes/{box}/…` and
 * `/api/v1/challenges/{slug}/boxes/{box}/…`): POST an upload, GET the team's submissions, GET the
 * leaderboard (public).
 */
export const submissionHandlers = {
  POST: apiRoute<P>(
    async ({ req, params, actor, db }) => {
      const ref = refOf(params);
      const { box } = await resolveBox(db, requireActor(actor), ref);
      const input = await readUpload(req, submissionSettings(box).maxUploadBytes);
      const { submission, quota } = await createSubmission(db, actor, ref, input);
      return {
        submission: {
          id: submission.id,
          kind: submission.kind,
          status: submission.status,
          createdAt: submission.createdAt,
        },
        quota,
      };
    },
    { status: 201 },
  ),
  GET: apiRoute<P>(async ({ params, actor, db }) => teamSubmissions(db, actor, refOf(params))),
};

export const leaderboardHandler = publicApiRoute<P>(async ({ req, params, actor, db }) =>
  boxLeaderboard(db, actor, refOf(params), parseKind(new URL(req.url).searchParams.get("kind"))),
);
