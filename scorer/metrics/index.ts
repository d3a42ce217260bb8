/**
 * Pure truth metrics of SCORING.md §1 (ROC, AUC, TPR/SIC at FPR, Max SIC, plot curves), §3 (resonance
 * claims) and §4 (top-K). Typed arrays and plain objects in, plain objects out; inputs never change.
 */
export { aucFromRoc, auc } from "./auc";
export {
  type Claim,
  type ClaimRange,
  claimSchema,
  type DaughterClaim,
  daughterClaimSchema,
  validateClaim,
} from "./claim-validate";
export {
  CLAIM_RESOLUTION_DEFAULTS,
  type ClaimBox,
  type ClaimTruth,
  compareClaimScores,
  scoreClaim,
  type TrueResonance,
} from "./claims";
export { downsampleCurves } from "./curves";
export { invalidInput } from "./errors";
export { type GroupedScores, groupScores } from "./group";
export {
  type AtFpr,
  type BinaryMetrics,
  type ClaimScore,
  type ComponentMetrics,
  claimScoreSchema,
  type MaybeNumber,
  type RocCurvePoints,
  type SicCurvePoints,
  type SicMax,
  type TopKComponent,
  type TopKMetrics,
  topKMetricsSchema,
  type TruthMetrics,
  truthMetricsSchema,
} from "./results";
export { type Roc, rocCurve, rocFromSorted } from "./roc";
export { MIN_BACKGROUND_FOR_SIC, maxSic, sicAtFprPoints } from "./sic";
export { tprAtFpr, tprAtFprPoints } from "./thresholds";
export { topKMetrics } from "./topk";
export { binaryMetrics, truthMetrics } from "./truth";
export { FPR_POINTS, type FprKey, type Labels, type Scores } from "./types";
export { validateScoresLabels } from "./validate";
