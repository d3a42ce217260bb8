import Link from "next/link";
import { formatDate } from "@/components/challenges/StatusBadge";
import { InviteForm, LeaveTeamForm, RenameTeamForm } from "@/components/teams/TeamForms";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { orNotFound } from "@/lib/pages";
import { getTeamFor } from "@/lib/teams";
import { DataTable } from "@/components/ui/DataTable";

export const dynamic = "force-dynamic";

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await currentActor();
  const team = await orNotFound(getTeamFor(await getDb(), actor, id));
  const member = !!actor && team.members.some((m) => m.userId === actor.id);
  // getTeamFor blanks the emails for anyone but members and the challenge's organizers.
  const showEmails = team.members.some((m) => m.email !== "");
  const open = team.challenge.status === "published";
  return (
    <>
      <p>
        <Link href={`/challenges/${team.challenge.slug}`}>← {team.challenge.title}</Link>
      </p>
      <h1>{team.name}</h1>
      <section aria-labelledby="members">
        <h2 id="members">
          Members ({team.members.length} of at most {team.challenge.maxTeamSize})
        </h2>
        <DataTable headers={["Name", ...(showEmails ? ["Email"] : []), "Joined"]}>
          {team.members.map((m) => (
            <tr key={m.userId}>
              <td>{m.name}</td>
              {showEmails && <td>{m.email}</td>}
              <td>{formatDate(m.joinedAt)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      {member && !open && (
        <p className="muted">The challenge is {team.challenge.status}: the team cannot change now.</p>
      )}
      {member && open && (
        <>
          <section className="card" aria-labelledby="invite">
            <h2 id="invite">Invite teammates</h2>
            <InviteForm teamId={team.id} />
          </section>
          <section className="card" aria-labelledby="rename">
            <h2 id="rename">Rename</h2>
            <RenameTeamForm teamId={team.id} name={team.name} />
          </section>
          <section className="card" aria-labelledby="leave">
            <h2 id="leave">Leave</h2>
            <p className="muted">When the last member leaves, the team is deleted.</p>
            <LeaveTeamForm teamId={team.id} challengeSlug={team.challenge.slug} />
          </section>
        </>
      )}
    </>
  );
}
