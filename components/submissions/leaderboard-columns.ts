import { VALUE_LABELS, type ValueKey } from "@/lib/submissions/leaderboard-values";
import { fmt, fmtGeV, fmtZ, MODEL_REJECTED } from "./format";

type Values = Record<string, number | boolean | null>;
type Column = { key: ValueKey; label: string; show: (v: Values) => string };
const column = (key: ValueKey, show: Column["show"]): Column => ({ key, label: VALUE_LABELS[key], show });

/**
 * How each leaderboard value (lib/submissions/leaderboard.ts `rowValues`) is shown, in column order;
 * the labels are lib/submissions/leaderboard-values.ts's. The discovery Z reads "model rejected" when
 * every cut's background model was rejected (no summary), and carries "(extrapolated)" when its
 * p-value comes from the toys' fitted tail (SCORING §2 v2).
 */
export const VALUE_COLUMNS: Column[] = [
  column("discoveryZ", (v) =>
    v.discoveryRejected === true
      ? MODEL_REJECTED
      : fmtZ(v.discoveryZ as number | null, v.discoveryExtrapolated === true),
  ),
  column("claimedMass", (v) => fmtGeV(v.claimedMass as number | null)),
  column("maxSic", (v) => fmt(v.maxSic as number | null, 2)),
  column("auc", (v) => fmt(v.auc as number | null, 4)),
  column("tprAt1e3", (v) => fmt(v.tprAt1e3 as number | null)),
  column("tprAt1e5", (v) => fmt(v.tprAt1e5 as number | null)),
  column("detectionCorrect", (v) =>
    v.detectionCorrect === null ? "—" : v.detectionCorrect ? "correct" : "wrong",
  ),
  column("logScore", (v) => fmt(v.logScore as number | null, 2)),
  column("massPull", (v) => fmt(v.massPull as number | null, 2)),
  column("nSignalPull", (v) => fmt(v.nSignalPull as number | null, 2)),
  column("precision", (v) => fmt(v.precision as number | null)),
  column("recall", (v) => fmt(v.recall as number | null)),
];

/** The columns to show: the primary metric first, then every other value some row has. */
export function columnsFor(primary: string | null, rows: { values: Values }[]) {
  const present = VALUE_COLUMNS.filter((c) => rows.some((r) => c.key in r.values));
  const first = present.filter((c) => c.key === primary);
  return [...first, ...present.filter((c) => c.key !== primary)];
}
