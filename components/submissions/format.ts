import type { CompactMetrics, NotApplicable } from "@/lib/db/json-metrics";
import type { Claim } from "@/scorer/metrics/claim-validate";

/** A value as it arrives through JSON (the API, or a server component's props): dates become strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/** What the browser holds: the same shape the GET API returns, so polling can replace it. */
export function toJson<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonified<T>;
}

/** Whether truth metrics were computed (not "not applicable", as for a box without signal). */
export const isTruth = <T extends object>(t: T | NotApplicable | undefined): t is T =>
  !!t && !("notApplicable" in t);

export const KIND_LABEL: Record<string, string> = {
  scores: "Scores",
  "top-ids": "Top-K event IDs",
  claim: "Resonance claim",
};

export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return v.toFixed(digits);
}

/**
 * A significance, "4.21"; with "(extrapolated)" when its p-value comes from the fitted tail of the
 * toys' t distribution rather than from toys that reached the observed value (SCORING §2 v2).
 */
export function fmtZ(z: number | null | undefined, extrapolated = false): string {
  if (z === null || z === undefined || !Number.isFinite(z)) return "—";
  return `${z.toFixed(2)}${extrapolated ? " (extrapolated)" : ""}`;
}

/** What a discovery without a summary shows instead of a Z: every cut's background model was rejected. */
export const MODEL_REJECTED = "model rejected";

export function fmtP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  return p === 0 || p >= 1e-3 ? p.toPrecision(3) : p.toExponential(2);
}

export const fmtGeV = (m: number | null | undefined) =>
  m === null || m === undefined || !Number.isFinite(m) ? "—" : `${Math.round(m).toLocaleString("en-US")} GeV`;

export function fmtTime(iso: string | Date | null | undefined): string {
  if (!iso) return "—";
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function fmtSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`;
}

export type Summarizable = {
  kind: string;
  status: string;
  claim: Claim | null;
  evaluation: { metrics: CompactMetrics } | null;
};

/** The one-line result of a submission for lists: discovery Z, AUC, claim, pulls, precision. */
export function primaryNumbers(s: Summarizable): string {
  if (s.status !== "scored") return "";
  const m: CompactMetrics = s.evaluation?.metrics ?? {};
  const parts: string[] = [];
  if (s.kind === "scores") {
    const sum = m.discovery?.summary;
    if (m.discovery)
      parts.push(
        sum
          ? `Z = ${fmtZ(sum.globalSignificance, sum.extrapolated)} at ε = ${sum.efficiency}`
          : `discovery: ${MODEL_REJECTED}`,
      );
    if (sum) parts.push(`bump ${fmtGeV(sum.claimedMass)}`);
    if (isTruth(m.truth)) parts.push(`AUC ${fmt(m.truth.auc)}`, `Max SIC ${fmt(m.truth.sicMax.value, 2)}`);
  } else if (s.kind === "claim") {
    const c = s.claim;
    if (c)
      parts.push(c.signalPresent ? `m = ${fmt(c.mass, 0)} ± ${fmt(c.massUncertainty, 0)} GeV` : "no signal");
    if (m.claim)
      parts.push(
        m.claim.detectionCorrect ? "detection correct" : "detection wrong",
        `log score ${fmt(m.claim.logScore, 2)}`,
      );
    else parts.push("scored at the reveal");
  } else {
    if (m.topK) parts.push(`precision ${fmt(m.topK.precision)}`, `recall ${fmt(m.topK.recall.value)}`);
    else parts.push("scored at the reveal");
  }
  return parts.join(" · ");
}
