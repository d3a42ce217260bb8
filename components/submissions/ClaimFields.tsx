"use client";
import { useState } from "react";
import type { Claim, DaughterClaim } from "@/scorer/metrics/claim-validate";

/** The claim's numeric fields the form has a box for (its daughters are rows of their own). */
const NUMBER_FIELDS = [
  "mass",
  "massUncertainty",
  "width",
  "nSignal",
  "nSignalUncertainty",
  "pValue",
] as const satisfies readonly (keyof Claim)[];

/** Text of each numeric claim field, as typed; turned into the SCORING §3 claim by `claimFromForm`. */
export type ClaimDraft = Record<(typeof NUMBER_FIELDS)[number], string> & {
  signalPresent: boolean;
  daughters: Record<keyof DaughterClaim, string>[];
};

export const EMPTY_CLAIM: ClaimDraft = {
  signalPresent: true,
  mass: "",
  massUncertainty: "",
  width: "",
  nSignal: "",
  nSignalUncertainty: "",
  pValue: "",
  daughters: [],
};

// A typed value that is not a number is sent as text, so the server's message names the field.
const value = (s: string): number | string | undefined => {
  const t = s.trim();
  if (t === "") return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
};

/**
 * The claim JSON the API validates (SCORING §3, scorer/metrics/claim-validate.ts `claimSchema`);
 * empty optional fields are left out, text that is not a number is sent as typed.
 */
export function claimFromForm(d: ClaimDraft): { [K in keyof Claim]?: unknown } {
  if (!d.signalPresent) {
    const p = value(d.pValue);
    return p === undefined ? { signalPresent: false } : { signalPresent: false, pValue: p };
  }
  const claim: { [K in keyof Claim]?: unknown } = { signalPresent: true };
  for (const f of NUMBER_FIELDS) {
    const v = value(d[f]);
    if (v !== undefined) claim[f] = v;
  }
  const daughters = d.daughters
    .filter((x) => x.mass.trim() !== "" || x.uncertainty.trim() !== "")
    .map((x) => ({ mass: value(x.mass), uncertainty: value(x.uncertainty) }));
  if (daughters.length) claim.daughterMasses = daughters;
  return claim;
}

function NumberField({
  label,
  hint,
  value: v,
  onChange,
  required = false,
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (v: string) => void;
  required?: boolean;
}) {
  return (
    <label>
      {label}
      {hint && <span className="hint">{hint}</span>}
      <input
        type="text"
        inputMode="decimal"
        value={v}
        required={required}
        aria-required={required}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}

/** The resonance claim form of SCORING §3. */
export function ClaimFields({ draft, onChange }: { draft: ClaimDraft; onChange: (d: ClaimDraft) => void }) {
  const set = (k: keyof ClaimDraft) => (v: string) => onChange({ ...draft, [k]: v });
  const [open, setOpen] = useState(draft.daughters.length > 0);
  const daughters = draft.daughters;
  const setDaughter = (i: number, k: "mass" | "uncertainty", v: string) =>
    onChange({ ...draft, daughters: daughters.map((d, j) => (j === i ? { ...d, [k]: v } : d)) });
  return (
    <fieldset className="stack">
      <legend>Resonance claim</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={draft.signalPresent}
          onChange={(e) => onChange({ ...draft, signalPresent: e.target.checked })}
        />
        Signal present
      </label>
      {draft.signalPresent && (
        <div className="fields">
          <NumberField label="Mass (GeV)" value={draft.mass} onChange={set("mass")} required />
          <NumberField
            label="Mass uncertainty (GeV)"
            value={draft.massUncertainty}
            onChange={set("massUncertainty")}
            required
          />
          <NumberField label="Width (GeV)" hint="optional" value={draft.width} onChange={set("width")} />
          <NumberField
            label="Signal events"
            hint="optional; in the whole box, before any selection"
            value={draft.nSignal}
            onChange={set("nSignal")}
          />
          <NumberField
            label="Signal events uncertainty"
            hint="optional"
            value={draft.nSignalUncertainty}
            onChange={set("nSignalUncertainty")}
          />
        </div>
      )}
      <NumberField
        label="p-value"
        hint="optional; of the background-only hypothesis, 0 to 1"
        value={draft.pValue}
        onChange={set("pValue")}
      />
      {draft.signalPresent && (
        <div>
          {!open ? (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setOpen(true);
                if (daughters.length === 0)
                  onChange({
                    ...draft,
                    daughters: [
                      { mass: "", uncertainty: "" },
                      { mass: "", uncertainty: "" },
                    ],
                  });
              }}
            >
              Add daughter masses
            </button>
          ) : (
            <fieldset className="stack">
              <legend>Daughter masses (optional)</legend>
              {daughters.map((d, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
                <div className="fields" key={i}>
                  <NumberField
                    label={`Daughter ${i + 1} mass (GeV)`}
                    value={d.mass}
                    onChange={(v) => setDaughter(i, "mass", v)}
                  />
                  <NumberField
                    label={`Daughter ${i + 1} uncertainty (GeV)`}
                    value={d.uncertainty}
                    onChange={(v) => setDaughter(i, "uncertainty", v)}
                  />
                </div>
              ))}
              <div className="row">
                {daughters.length < 8 && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() =>
                      onChange({ ...draft, daughters: [...daughters, { mass: "", uncertainty: "" }] })
                    }
                  >
                    Add a daughter
                  </button>
                )}
                {daughters.length > 0 && (
                  <button
                    type="button"
                    className="secondary"
                    onClick={() => onChange({ ...draft, daughters: daughters.slice(0, -1) })}
                  >
                    Remove the last
                  </button>
                )}
              </div>
            </fieldset>
          )}
        </div>
      )}
    </fieldset>
  );
}
