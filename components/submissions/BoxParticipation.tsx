import Link from "next/link";
import type { Actor } from "@/lib/auth/actor";
import type { getBlackBox } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { submissionSettings } from "@/lib/submissions/config";
import { teamSubmissions } from "@/lib/submissions/queries";
import { SCORE_FORMATS, TOP_ID_FORMATS } from "@/lib/submissions/validate";
import { findMyTeam } from "@/lib/teams";
import { BoxSubmissions } from "./BoxSubmissions";
import { toJson } from "./format";

type Found = Awaited<ReturnType<typeof getBlackBox>>;

/**
 * The box page's participation part: the Submit card and the team's live submissions for members of a
 * team of the challenge; a short how-to for everyone else. Organizers do not submit (createSubmission
 * refuses them too).
 */
export async function BoxParticipation({
  db,
  actor,
  found,
  challengeSlug,
}: {
  db: Db;
  actor: Actor | null;
  found: Found;
  challengeSlug: string;
}) {
  const { box, organizer, challenge } = found;
  const boxPath = `/challenges/${challengeSlug}/boxes/${box.slug}`;
  if (organizer)
    return (
      <p className="card muted">
        You organize this challenge, so you do not submit to it. The{" "}
        <Link href={`${boxPath}/leaderboard`}>leaderboard</Link> shows every team's best result.
      </p>
    );
  const team = actor ? await findMyTeam(db, actor, challenge.id) : undefined;
  if (!actor || !team)
    return (
      <section className="card" aria-labelledby="take-part">
        <h2 id="take-part">Take part</h2>
        <p>
          {actor ? (
            <>
              Join or form a team on the <Link href={`/challenges/${challengeSlug}`}>challenge page</Link>
            </>
          ) : (
            <>
              <Link href={`/signin?callbackUrl=${encodeURIComponent(boxPath)}`}>Sign in</Link>, then join or
              form a team on the <Link href={`/challenges/${challengeSlug}`}>challenge page</Link>
            </>
          )}
          , download the black box, run your method offline and upload per-event anomaly scores, a top-K list
          of event ids or a resonance claim here. Every upload is scored by the same reference bump hunter.
        </p>
      </section>
    );
  // The page's box, its settings parsed once for the list's quota and the form's limits.
  const settings = submissionSettings(box);
  const mine = await teamSubmissions(db, actor, { ...found, settings });
  return (
    <BoxSubmissions
      apiPath={`/api/v1/challenges/${encodeURIComponent(challengeSlug)}/boxes/${encodeURIComponent(box.slug)}/submissions`}
      open={box.status === "open" && (!box.closesAt || box.closesAt.getTime() > Date.now())}
      formats={{ scores: SCORE_FORMATS, topIds: TOP_ID_FORMATS }}
      topK={settings.topK}
      maxUploadMB={Math.round((settings.maxUploadBytes / 1024 / 1024) * 10) / 10}
      teamName={team.name}
      initial={{ quota: mine.quota, submissions: toJson(mine.submissions) }}
    />
  );
}
