import type { Metadata } from "next";
import Link from "next/link";
import { BoxList } from "@/components/blackboxes/BoxList";
import { CreateTeamForm } from "@/components/teams/CreateTeamForm";
import { formatDate, StatusBadge } from "@/components/challenges/StatusBadge";
import { isChallengeOrganizer } from "@/lib/auth/permissions";
import { currentActor } from "@/lib/auth/session";
import { listBlackBoxes } from "@/lib/blackboxes/lifecycle";
import { getChallenge, listOrganizers } from "@/lib/challenges";
import { getDb } from "@/lib/db/client";
import { orNotFound } from "@/lib/pages";
import { findMyTeam, listTeams } from "@/lib/teams";
import { DataTable } from "@/components/ui/DataTable";

type Props = { params: Promise<{ slug: string }> };

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ChallengePage({ params }: Props) {
  const { slug } = await params;
  const db = await getDb();
  const actor = await currentActor();
  const challenge = await orNotFound(getChallenge(db, actor, slug));
  const [boxes, organizers, teams, myTeam, organizer] = await Promise.all([
    listBlackBoxes(db, actor, challenge.slug),
    listOrganizers(db, challenge.id),
    listTeams(db, challenge.id),
    findMyTeam(db, actor, challenge.id),
    isChallengeOrganizer(db, actor, challenge.id),
  ]);
  const active = boxes.filter((b) => b.archivedAt === null);
  const archived = boxes.filter((b) => b.archivedAt !== null);
  return (
    <>
      <div className="row">
        <h1>{challenge.title}</h1>
        <StatusBadge status={challenge.status} />
        {organizer && (
          <Link className="button" href={`/challenges/${challenge.slug}/settings`}>
            Challenge settings
          </Link>
        )}
      </div>
      <p className="muted">{challenge.summary}</p>
      <section className="card" aria-labelledby="about">
        <h2 id="about">About</h2>
        <div className="prose">
          {(challenge.description || "No description yet.").split(/\n\s*\n/).map((para, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a static text
            <p key={i}>{para}</p>
          ))}
        </div>
        <p className="muted">
          Opens {formatDate(challenge.startsAt)} · Closes {formatDate(challenge.endsAt)} · Teams of up to{" "}
          {challenge.maxTeamSize}
        </p>
        <p className="muted">Organized by {organizers.map((o) => o.name).join(", ") || "—"}</p>
        <p>
          <Link href={`/challenges/${challenge.slug}/methods`}>Methods</Link>: how submissions are scored, the
          baselines, and the calibration of the discovery significance.
        </p>
      </section>

      <section aria-labelledby="boxes">
        <h2 id="boxes">Black boxes</h2>
        <BoxList
          challengeSlug={challenge.slug}
          boxes={active}
          empty={archived.length > 0 ? "No active black boxes: every box is archived (below)." : undefined}
        />
        {archived.length > 0 && (
          <details data-testid="archived-boxes">
            <summary>Archived boxes ({archived.length})</summary>
            <p className="muted">
              Revealed boxes the organizers archived: their data, leaderboards and truth stay available.
            </p>
            <BoxList challengeSlug={challenge.slug} boxes={archived} label="Archived black boxes" />
          </details>
        )}
      </section>

      <section className="card" aria-labelledby="your-team">
        <h2 id="your-team">Your team</h2>
        {!actor ? (
          <p>
            <Link href={`/signin?callbackUrl=/challenges/${challenge.slug}`}>Sign in</Link> to form or join a
            team.
          </p>
        ) : myTeam ? (
          <p>
            You are in <Link href={`/teams/${myTeam.id}`}>{myTeam.name}</Link>.
          </p>
        ) : challenge.status === "published" ? (
          <>
            <p>You are not in a team yet. Create one, or ask a team for its invite link.</p>
            <CreateTeamForm challengeSlug={challenge.slug} />
          </>
        ) : (
          <p>
            {challenge.status === "archived"
              ? "This challenge is archived: teams no longer change."
              : "Teams can be formed once the challenge is published."}
          </p>
        )}
      </section>

      <section aria-labelledby="teams">
        <h2 id="teams">Teams ({teams.length})</h2>
        {teams.length === 0 ? (
          <p className="muted">No teams yet.</p>
        ) : (
          <DataTable headers={["Team", "Members", "Created"]}>
            {teams.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link href={`/teams/${t.id}`}>{t.name}</Link>
                </td>
                <td>{t.memberCount}</td>
                <td>{formatDate(t.createdAt)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </>
  );
}
