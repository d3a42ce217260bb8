import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { RoleForm } from "@/components/admin/RoleForm";
import { formatDate } from "@/components/challenges/StatusBadge";
import { listUsers } from "@/lib/admin";
import { listAuditEntries } from "@/lib/audit";
import { isAdmin } from "@/lib/auth/permissions";
import { currentActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { DataTable } from "@/components/ui/DataTable";

export const metadata: Metadata = { title: "Users" };
export const dynamic = "force-dynamic";

export default async function AdminUsersPage() {
  const actor = await currentActor();
  if (!actor) redirect("/signin?callbackUrl=/admin/users");
  if (!isAdmin(actor)) {
    return (
      <>
        <h1>Users</h1>
        <p role="alert">Only administrators can manage users.</p>
      </>
    );
  }
  const db = await getDb();
  const [list, audit] = await Promise.all([listUsers(db, actor), listAuditEntries(db, null)]);
  return (
    <>
      <h1>Users</h1>
      <p className="muted">
        Give the <strong>organizer</strong> role to people who may create challenges. Organizing a given
        challenge is granted on that challenge's settings page.
      </p>
      <DataTable headers={["Name", "Email", "Joined", "Role"]}>
        {list.map((u) => (
          <tr key={u.id}>
            <td>{u.name}</td>
            <td>{u.email}</td>
            <td>{formatDate(u.createdAt)}</td>
            <td>
              {u.id === actor.id ? "admin (you)" : <RoleForm userId={u.id} role={u.role} email={u.email} />}
            </td>
          </tr>
        ))}
      </DataTable>
      <h2>Site audit log</h2>
      {audit.length === 0 ? (
        <p className="muted">No role changes yet.</p>
      ) : (
        <ul>
          {audit.map((a) => (
            <li key={a.id}>
              {formatDate(a.createdAt)} · {a.actorName ?? "system"} · <code>{a.action}</code>{" "}
              <code>{JSON.stringify({ target: a.targetId, ...a.details })}</code>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
