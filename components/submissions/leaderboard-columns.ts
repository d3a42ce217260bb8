import { fmt, fmtGeV, fmtZ, MODEL_REJECTED } from "./format";

type Values = Record<string, number | boolean | null>;

/**
 * How each leaderboard value (lib/submissions/leaderboard.ts `rowValues`) is labelled and shown. The
 * discovery Z reads "model rejected" when every cut's background model was rejected (no summary), and
 * carries "(extrapolated)" when its p-value comes from the toys' fitted tail (SCORING §2 v2).
 */
export const VALUE_COLUMNS: { key: string; label: string; show: (v: Values) => string }[] = [
  {
    key: "discoveryZ",
    label: "Discovery Z",
    show: (v) =>
      v.discoveryRejected === true
        ? MODEL_REJECTED
        : fmtZ(v.discoveryZ as number | null, v.discoveryExtrapolated === true),
  },
  { key: "claimedMass", label: "Bump mass", show: (v) => fmtGeV(v.claimedMass as number | null) },
  { key: "maxSic", label: "Max SIC", show: (v) => fmt(v.maxSic as number | null, 2) },
  { key: "auc", label: "AUC", show: (v) => fmt(v.auc as number | null, 4) },
  { key: "tprAt1e3", label: "TPR at FPR 10⁻³", show: (v) => fmt(v.tprAt1e3 as number | null) },
  { key: "tprAt1e5", label: "TPR at FPR 10⁻⁵", show: (v) => fmt(v.tprAt1e5 as number | null) },
  {
    key: "detectionCorrect",
    label: "Detection",
    show: (v) => (v.detectionCorrect === null ? "—" : v.detectionCorrect ? "correct" : "wrong"),
  },
  { key: "logScore", label: "Log score", show: (v) => fmt(v.logScore as number | null, 2) },
  { key: "massPull", label: "Mass pull", show: (v) => fmt(v.massPull as number | null, 2) },
  { key: "nSignalPull", label: "N signal pull", show: (v) => fmt(v.nSignalPull as number | null, 2) },
  { key: "precision", label: "Precision@K", show: (v) => fmt(v.precision as number | null) },
  { key: "recall", label: "Recall@K", show: (v) => fmt(v.recall as number | null) },
];

/** The columns to show: the primary metric first, then every other value some row has. */
export function columnsFor(primary: string | null, rows: { values: Values }[]) {
  const present = VALUE_COLUMNS.filter((c) => rows.some((r) => c.key in r.values));
  const first = present.filter((c) => c.key === primary);
  return [...first, ...present.filter((c) => c.key !== primary)];
}
