import type { ScoringConfig } from "@/lib/db/json";
import { AppError } from "@/lib/errors";
import { parseDiscoverySettings } from "@/scorer/bumphunt/scoring-config";

/** The new-box form's fields for the scoring config, and the config keys they set. */
const FORM_FIELD: Record<string, string> = {
  "bins.min": "fitMin",
  "bins.max": "fitMax",
  "bins.n": "bins",
  bins: "bins",
  "preselection.maxDeltaEta": "maxDeltaEta",
  preselection: "maxDeltaEta",
};

function invalid(fields: { field: string; message: string }[]): AppError {
  return new AppError(
    "validation",
    fields.map((f) => `Invalid input — ${f.field}: ${f.message}`).join("; "),
    {
      fields,
    },
  );
}

/**
 * The scoring config of a box made by the organizer's form: `base` (a built-in box's config, or none
 * for a custom spec) with the form's fit range, binning and preselection laid over it. Blank fields
 * keep the base's values; the fit range needs all three of from, to and bins; the preselection is a
 * number (|Δη| below it) or "none". The result is checked as the scorer will read it, and a problem
 * names the form's field (`fitMax`, `bins`, `maxDeltaEta`) where it has one.
 * @throws AppError("validation") naming the field and the fix.
 */
export function scoringConfigFromForm(
  base: ScoringConfig | undefined,
  f: Record<string, string | undefined>,
): ScoringConfig | undefined {
  const blank = (k: string) => (f[k] ?? "").trim() === "";
  const range = ["fitMin", "fitMax", "bins"];
  const touched = range.some((k) => !blank(k)) || !blank("maxDeltaEta");
  if (!touched) return base;
  const config: ScoringConfig = { ...(base ?? {}) };
  if (range.some((k) => !blank(k))) {
    const missing = range.filter(blank);
    if (missing.length > 0)
      throw invalid(
        missing.map((field) => ({ field, message: "give the fit range's from, to and bins together" })),
      );
    const bad = range.filter((k) => !Number.isFinite(Number(f[k])));
    if (bad.length > 0)
      throw invalid(bad.map((field) => ({ field, message: `must be a number, got "${f[field]}"` })));
    config.bins = { min: Number(f.fitMin), max: Number(f.fitMax), n: Number(f.bins) };
    delete config.edges;
  }
  if (!blank("maxDeltaEta")) {
    const v = f.maxDeltaEta!.trim();
    if (v.toLowerCase() === "none") config.preselection = null;
    else if (Number.isFinite(Number(v))) config.preselection = { maxDeltaEta: Number(v) };
    else throw invalid([{ field: "maxDeltaEta", message: `must be a number or "none", got "${v}"` }]);
  }
  const parsed = parseDiscoverySettings(config);
  if (!parsed.ok)
    throw invalid(
      parsed.issues.map((i) => ({
        field: FORM_FIELD[i.field] ?? `scoringConfig.${i.field}`,
        message: i.message,
      })),
    );
  return config;
}
