import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { CreateTokenForm, RevokeTokenForm } from "@/components/account/TokenForms";
import { formatDate } from "@/components/challenges/StatusBadge";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listMyTeams } from "@/lib/teams";
import { listApiTokens } from "@/lib/tokens";
import { DataTable } from "@/components/ui/DataTable";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const actor = await currentActor();
  if (!actor) redirect("/signin?callbackUrl=/account");
  const db = await getDb();
  const [tokens, teams] = await Promise.all([listApiTokens(db, actor), listMyTeams(db, actor)]);
  return (
    <>
      <h1>Your account</h1>
      <p>
        {actor.name} · {actor.email} · role <span className="badge">{actor.role}</span>
      </p>

      <h2>Your teams</h2>
      {teams.length === 0 ? (
        <p className="muted">You are not in any team yet.</p>
      ) : (
        <ul>
          {teams.map((t) => (
            <li key={t.id}>
              <Link href={`/teams/${t.id}`}>{t.name}</Link> in{" "}
              <Link href={`/challenges/${t.challengeSlug}`}>{t.challengeTitle}</Link>
            </li>
          ))}
        </ul>
      )}

      <h2>API tokens</h2>
      <p className="muted">
        Use a token from scripts and notebooks: <code>Authorization: Bearer &lt;token&gt;</code> on any{" "}
        <code>/api/v1</code> request. A token acts with your permissions; revoke it when you no longer need
        it.
      </p>
      <section className="card" aria-labelledby="new-token">
        <h3 id="new-token">New token</h3>
        <CreateTokenForm />
      </section>
      {tokens.length > 0 && (
        <DataTable
          label="Your API tokens"
          headers={["Name", "Starts with", "Created", "Last used", "Status"]}
        >
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{formatDate(t.createdAt)}</td>
              <td>{formatDate(t.lastUsedAt)}</td>
              <td>
                {t.revokedAt ? (
                  `revoked ${formatDate(t.revokedAt)}`
                ) : t.expiresAt && t.expiresAt < new Date() ? (
                  "expired"
                ) : (
                  <RevokeTokenForm tokenId={t.id} name={t.name} />
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
