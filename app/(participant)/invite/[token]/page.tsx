import Link from "next/link";
import { JoinTeamForm } from "@/components/teams/TeamForms";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { describeInvite } from "@/lib/teams";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const actor = await currentActor();
  const team = await describeInvite(await getDb(), token).catch((e) => {
    if (isAppError(e)) return null;
    throw e;
  });
  if (!team) {
    return (
      <>
        <h1>Invite link not valid</h1>
        <p>This invite link is invalid or has expired; ask the team for a new one.</p>
      </>
    );
  }
  return (
    <>
      <h1>Join {team.name}</h1>
      <p>
        in <Link href={`/challenges/${team.challenge.slug}`}>{team.challenge.title}</Link> ·{" "}
        {team.members.length} member{team.members.length === 1 ? "" : "s"}
      </p>
      {actor ? (
        <JoinTeamForm token={token} />
      ) : (
        <p>
          <Link href={`/signin?callbackUrl=/invite/${token}`}>Sign in</Link> or{" "}
          <Link href={`/signup?callbackUrl=/invite/${token}`}>create an account</Link> to join.
        </p>
      )}
    </>
  );
}
