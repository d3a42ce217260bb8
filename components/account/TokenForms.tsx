"use client";
import { createTokenAction, revokeTokenAction } from "@/app/(participant)/account/actions";
import { ActionForm } from "@/components/ui/ActionForm";

export function CreateTokenForm() {
  return (
    <ActionForm
      action={createTokenAction}
      submitLabel="Create token"
      success={(d) => (
        <div>
          <p className="success">Copy your new token now — it will not be shown again:</p>
          <p className="secret" data-testid="new-token">
            {d.token}
          </p>
        </div>
      )}
    >
      <label>
        Token name <span className="hint">what it is for, e.g. "laptop notebook"</span>
        <input name="name" required maxLength={80} autoComplete="off" />
      </label>
      <label>
        Expires after (days) <span className="hint">leave empty for no expiry</span>
        <input name="expiresInDays" type="number" min={1} max={3650} />
      </label>
    </ActionForm>
  );
}

export function RevokeTokenForm({ tokenId, name }: { tokenId: string; name: string }) {
  return (
    <ActionForm action={revokeTokenAction} submitLabel={`Revoke ${name}`} danger className="row">
      <input type="hidden" name="tokenId" value={tokenId} />
    </ActionForm>
  );
}
