"use client";
import { setUserRoleAction } from "@/app/(admin)/admin/users/actions";
import { ActionForm } from "@/components/ui/ActionForm";

export function RoleForm({ userId, role, email }: { userId: string; role: string; email: string }) {
  return (
    <ActionForm action={setUserRoleAction} submitLabel="Save role" className="row">
      <input type="hidden" name="userId" value={userId} />
      <label>
        <span className="skip">Role of {email}</span>
        <select name="role" defaultValue={role} aria-label={`Role of ${email}`}>
          <option value="participant">participant</option>
          <option value="organizer">organizer — may create challenges</option>
          <option value="admin">admin</option>
        </select>
      </label>
    </ActionForm>
  );
}
