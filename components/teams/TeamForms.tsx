"use client";
import {
  createInviteAction,
  joinTeamAction,
  leaveTeamAction,
  renameTeamAction,
} from "@/app/(participant)/teams/actions";
import { ActionForm } from "@/components/ui/ActionForm";

export function RenameTeamForm({ teamId, name }: { teamId: string; name: string }) {
  return (
    <ActionForm
      action={renameTeamAction}
      submitLabel="Rename"
      success={() => <p className="success">Renamed.</p>}
    >
      <input type="hidden" name="teamId" value={teamId} />
      <label>
        Team name
        <input name="name" defaultValue={name} required minLength={2} maxLength={60} />
      </label>
    </ActionForm>
  );
}

export function InviteForm({ teamId }: { teamId: string }) {
  return (
    <ActionForm
      action={createInviteAction}
      submitLabel="Create invite link"
      success={(d) => (
        <div>
          <p className="success">Send this link to a teammate (valid until {d.expiresAt.slice(0, 10)}):</p>
          <p className="secret" data-testid="invite-link">
            {`${window.location.origin}/invite/${d.token}`}
          </p>
        </div>
      )}
    >
      <input type="hidden" name="teamId" value={teamId} />
    </ActionForm>
  );
}

export function LeaveTeamForm({ teamId, challengeSlug }: { teamId: string; challengeSlug: string }) {
  return (
    <ActionForm action={leaveTeamAction} submitLabel="Leave team" danger className="row">
      <input type="hidden" name="teamId" value={teamId} />
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
    </ActionForm>
  );
}

export function JoinTeamForm({ token }: { token: string }) {
  return (
    <ActionForm action={joinTeamAction} submitLabel="Join team" className="row">
      <input type="hidden" name="token" value={token} />
    </ActionForm>
  );
}
