"use client";
import {
  addOrganizerAction,
  createChallengeAction,
  removeOrganizerAction,
  updateChallengeAction,
} from "@/app/(organizer)/challenges/actions";
import { ActionForm } from "@/components/ui/ActionForm";

export type ChallengeFields = {
  slug: string;
  title: string;
  summary: string;
  description: string;
  status: string;
  maxTeamSize: number;
  startsAt: string;
  endsAt: string;
};

function Fields({ c }: { c?: ChallengeFields }) {
  return (
    <>
      <label>
        Title
        <input name="title" defaultValue={c?.title} required minLength={3} maxLength={120} />
      </label>
      <label>
        Summary <span className="hint">one line for the challenge list</span>
        <input name="summary" defaultValue={c?.summary} maxLength={300} />
      </label>
      <label>
        Description
        <textarea name="description" defaultValue={c?.description} />
      </label>
      <label>
        Status
        <select name="status" defaultValue={c?.status ?? "draft"}>
          <option value="draft">draft — visible to organizers only</option>
          <option value="published">published — visible to everyone, teams can form</option>
          <option value="archived">archived — visible, teams frozen</option>
        </select>
      </label>
      <label>
        Largest team size
        <input name="maxTeamSize" type="number" min={1} max={100} defaultValue={c?.maxTeamSize ?? 5} />
      </label>
      <label>
        Opens (UTC) <span className="hint">optional</span>
        <input name="startsAt" type="datetime-local" defaultValue={c?.startsAt} />
      </label>
      <label>
        Closes (UTC) <span className="hint">optional</span>
        <input name="endsAt" type="datetime-local" defaultValue={c?.endsAt} />
      </label>
    </>
  );
}

export function CreateChallengeForm() {
  return (
    <ActionForm action={createChallengeAction} submitLabel="Create challenge">
      <label>
        Slug <span className="hint">the address: lowercase letters, digits and dashes, e.g. lhco-2026</span>
        <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" minLength={3} maxLength={60} />
      </label>
      <Fields />
    </ActionForm>
  );
}

export function EditChallengeForm({ challenge }: { challenge: ChallengeFields }) {
  return (
    <ActionForm
      action={updateChallengeAction}
      submitLabel="Save changes"
      success={() => <p className="success">Saved.</p>}
    >
      <input type="hidden" name="slug" value={challenge.slug} />
      <Fields c={challenge} />
    </ActionForm>
  );
}

export function AddOrganizerForm({ slug }: { slug: string }) {
  return (
    <ActionForm
      action={addOrganizerAction}
      submitLabel="Add organizer"
      success={() => <p className="success">Added.</p>}
    >
      <input type="hidden" name="slug" value={slug} />
      <label>
        Email of an existing account
        <input name="email" type="email" required />
      </label>
    </ActionForm>
  );
}

export function RemoveOrganizerForm({ slug, userId, name }: { slug: string; userId: string; name: string }) {
  return (
    <ActionForm action={removeOrganizerAction} submitLabel={`Remove ${name}`} danger className="row">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="userId" value={userId} />
    </ActionForm>
  );
}
