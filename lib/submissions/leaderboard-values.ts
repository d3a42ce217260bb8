/**
 * The values a leaderboard row shows (`rowValues` in ./leaderboard), by key, and what each is called:
 * the one list both the rankings' labels (`rankingFor`, in the API) and the leaderboard's columns
 * (components/submissions/leaderboard-columns.ts) read. `discoveryExtrapolated` and
 * `discoveryRejected` are flags of `discoveryZ`, not values of their own.
 */
export const VALUE_LABELS = {
  discoveryZ: "Discovery Z",
  claimedMass: "Bump mass",
  maxSic: "Max SIC",
  auc: "AUC",
  tprAt1e3: "TPR at FPR = 10⁻³",
  tprAt1e5: "TPR at FPR = 10⁻⁵",
  detectionCorrect: "Detection",
  logScore: "Log score",
  massPull: "Mass pull",
  nSignalPull: "N signal pull",
  precision: "Precision@K",
  recall: "Recall@K",
} as const;
export type ValueKey = keyof typeof VALUE_LABELS;
/** The flags a row carries beside its values (how `discoveryZ` reads). */
export type ValueFlag = "discoveryExtrapolated" | "discoveryRejected";
