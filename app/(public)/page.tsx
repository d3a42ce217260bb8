import Link from "next/link";
import { formatDate, StatusBadge } from "@/components/challenges/StatusBadge";
import { currentActor } from "@/lib/auth/session";
import { listChallenges } from "@/lib/challenges";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const actor = await currentActor();
  const list = await listChallenges(await getDb(), actor);
  return (
    <>
      <h1>Challenges</h1>
      <p className="muted">
        Find new physics hidden in collider data: download a black box, run your anomaly detector, upload
        scores or a resonance claim, and see how you rank when the truth is revealed.
      </p>
      {list.length === 0 ? (
        <p className="card">No challenges yet{actor ? "" : " — sign in to see drafts you organize"}.</p>
      ) : (
        <ul className="grid" style={{ listStyle: "none", padding: 0 }} aria-label="Challenges">
          {list.map((c) => (
            <li key={c.id} className="card">
              <div className="row">
                <h2 style={{ margin: 0 }}>
                  <Link href={`/challenges/${c.slug}`}>{c.title}</Link>
                </h2>
                <StatusBadge status={c.status} />
              </div>
              <p>{c.summary}</p>
              <p className="muted">{c.endsAt ? `Closes ${formatDate(c.endsAt)}` : "No deadline set"}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
