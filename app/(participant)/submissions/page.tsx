import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AutoRefresh } from "@/components/submissions/AutoRefresh";
import { MySubmissionsTable } from "@/components/submissions/MySubmissionsTable";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { listMySubmissions, MY_SUBMISSIONS_LIMIT } from "@/lib/submissions/mine";

export const metadata: Metadata = { title: "My team's submissions" };
export const dynamic = "force-dynamic";

export default async function MySubmissionsPage() {
  const actor = await currentActor();
  if (!actor) redirect("/signin?callbackUrl=/submissions");
  const rows = await listMySubmissions(await getDb(), actor);
  const pending = rows.some((s) => s.status === "queued" || s.status === "scoring");
  return (
    <>
      <h1>My team's submissions</h1>
      {rows.length === 0 ? (
        <p className="muted">
          None yet. Pick a black box on a <Link href="/">challenge</Link>, join or form a team, and submit
          from the box page.
        </p>
      ) : (
        <>
          {pending && <AutoRefresh />}
          <MySubmissionsTable rows={rows} />
          {rows.length === MY_SUBMISSIONS_LIMIT && (
            <p className="muted">The newest {MY_SUBMISSIONS_LIMIT} are shown; each box page lists its own.</p>
          )}
        </>
      )}
    </>
  );
}
