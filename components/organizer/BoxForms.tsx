"use client";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import {
  archiveBoxAction,
  buildBoxAction,
  createBoxAction,
  deleteBoxAction,
  transitionBoxAction,
} from "@/app/(organizer)/challenges/box-actions";
import { ActionForm } from "@/components/ui/ActionForm";

export function CreateBoxForm({
  challengeSlug,
  builtins,
}: {
  challengeSlug: string;
  builtins: { slug: string; title: string }[];
}) {
  return (
    <ActionForm
      action={createBoxAction}
      submitLabel="Create black box"
      success={() => <p className="success">Created: build it next.</p>}
    >
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
      <SpecPicker label="Spec" builtins={builtins} />
      <label>
        Events in total{" "}
        <span className="hint">optional: scale a built-in spec down for a quick box (≥ 1000)</span>
        <input name="events" type="number" min={1000} />
      </label>
      <label>
        Custom generator spec (JSON) <span className="hint">only with "custom"; see docs/black-boxes.md</span>
        <textarea
          name="spec"
          placeholder='{"events": 1000000, "background": {"variant": "pythia"}, "signals": [{"model": "resonance-xy", "n": 834, "mass": 3823, "mX": 732, "mY": 378}]}'
        />
      </label>
      <label>
        Slug <span className="hint">lowercase letters, digits and dashes</span>
        <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" />
      </label>
      <label>
        Title
        <input name="title" required />
      </label>
      <label>
        Description{" "}
        <span className="hint">optional; shown on the box page (a built-in spec brings its own)</span>
        <textarea name="description" />
      </label>
      <fieldset className="row">
        <legend>
          Scoring{" "}
          <span className="hint">
            optional; blank keeps the spec's (built-in: 3000–7000 GeV, 40 bins, |Δη| &lt; 1.3)
          </span>
        </legend>
        <label>
          Fit range from (GeV)
          <input name="fitMin" type="number" min={1} step="any" />
        </label>
        <label>
          to (GeV)
          <input name="fitMax" type="number" min={1} step="any" />
        </label>
        <label>
          Bins
          <input name="bins" type="number" min={5} step={1} />
        </label>
        <label>
          Preselection |Δη| below <span className="hint">a number, or none</span>
          <input name="maxDeltaEta" />
        </label>
      </fieldset>
      <label>
        Mode
        <select name="mode" defaultValue="blind">
          <option value="blind">blind — truth hidden until the reveal</option>
          <option value="practice">practice — labels public from opening</option>
        </select>
      </label>
      <label>
        Closes (UTC) <span className="hint">optional; the worker closes the box then</span>
        <input name="closesAt" type="datetime-local" />
      </label>
      <label>
        Reveal (UTC) <span className="hint">optional; the worker reveals the box then</span>
        <input name="revealAt" type="datetime-local" />
      </label>
    </ActionForm>
  );
}

export function BuildBoxForm({ challengeSlug, boxSlug }: { challengeSlug: string; boxSlug: string }) {
  return (
    <ActionForm action={buildBoxAction} submitLabel={`Build ${boxSlug}`} className="row">
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
      <input type="hidden" name="boxSlug" value={boxSlug} />
    </ActionForm>
  );
}

const LABEL = { open: "Open", closed: "Close", revealed: "Reveal" } as const;

export function TransitionBoxForm({
  challengeSlug,
  boxSlug,
  to,
}: {
  challengeSlug: string;
  boxSlug: string;
  to: keyof typeof LABEL;
}) {
  return (
    <ActionForm
      action={transitionBoxAction}
      submitLabel={`${LABEL[to]} ${boxSlug}`}
      className="row"
      danger={to !== "open"}
    >
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
      <input type="hidden" name="boxSlug" value={boxSlug} />
      <input type="hidden" name="to" value={to} />
      <label className="row" style={{ fontWeight: 400 }}>
        <input type="checkbox" name="confirm" value="yes" style={{ width: "auto" }} /> I understand this
        cannot be undone
      </label>
    </ActionForm>
  );
}

/** Delete a draft box (the server refuses any box that has been opened, or is being built). */
export function DeleteBoxForm({ challengeSlug, boxSlug }: { challengeSlug: string; boxSlug: string }) {
  return (
    <ActionForm action={deleteBoxAction} submitLabel={`Delete ${boxSlug}`} className="row" danger>
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
      <input type="hidden" name="boxSlug" value={boxSlug} />
      <label className="row" style={{ fontWeight: 400 }}>
        <input type="checkbox" name="confirm" value="yes" style={{ width: "auto" }} /> Delete this draft and
        its files for good
      </label>
    </ActionForm>
  );
}

/** Archive a revealed box, or bring an archived one back (the server refuses any other box). */
export function ArchiveBoxForm({
  challengeSlug,
  boxSlug,
  archived,
}: {
  challengeSlug: string;
  boxSlug: string;
  archived: boolean;
}) {
  return (
    <ActionForm
      action={archiveBoxAction}
      submitLabel={`${archived ? "Unarchive" : "Archive"} ${boxSlug}`}
      className="row"
    >
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
      <input type="hidden" name="boxSlug" value={boxSlug} />
      <input type="hidden" name="archive" value={archived ? "no" : "yes"} />
      <span className="hint">
        {archived
          ? "List it with the active boxes again."
          : "Lists it under Archived boxes; its data, leaderboards and truth stay online."}
      </span>
    </ActionForm>
  );
}

/** While a build runs, refresh the page every 2 s so the progress bar moves. */
export function RefreshWhileBuilding({ active }: { active: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(t);
  }, [active, router]);
  return null;
}

/** Pick a built-in spec, or "custom" to use the JSON typed in the form's `spec` field. */
export function SpecPicker({
  label,
  builtins,
}: {
  label: string;
  builtins: { slug: string; title: string }[];
}) {
  return (
    <label>
      {label}
      <select name="builtin" defaultValue={builtins[0]?.slug}>
        {builtins.map((b) => (
          <option key={b.slug} value={b.slug}>
            {b.title} (built-in)
          </option>
        ))}
        <option value="custom">custom — JSON below</option>
      </select>
    </label>
  );
}
