"use client";
import { createTeamAction } from "@/app/(participant)/teams/actions";
import { ActionForm } from "@/components/ui/ActionForm";

export function CreateTeamForm({ challengeSlug }: { challengeSlug: string }) {
  return (
    <ActionForm action={createTeamAction} submitLabel="Create team">
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
      <label>
        Team name
        <input name="name" required minLength={2} maxLength={60} autoComplete="off" />
      </label>
    </ActionForm>
  );
}
