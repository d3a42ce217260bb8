/**
 * Pure truth metrics of SCORING.md §1 (ROC, AUC, TPR/SIC at FPR, Max SIC, plot curves), §3 (resonance
 * claims) and §4 (top-K). Typed arrays and plain objects in, plain objects out; inputs never change.
 */
export { aucFromRoc, auc } from "./auc";
export { type Claim, type ClaimRange, type DaughterClaim, validateClaim } from "./claim-validate";
export {
  CLAIM_RESOLUTION_DEFAULTS,
  type ClaimBox,
  type ClaimScore,
  type ClaimTruth,
  compareClaimScores,
  scoreClaim,
  type TrueResonance,
} from "./claims";
export { downsampleCurves, type RocCurvePoints, type SicCurvePoints } from "./curves";
export { invalidInput } from "./errors";
export { type GroupedScores, groupScores } from "./group";
export { type Roc, rocCurve, rocFromSorted } from "./roc";
export { MIN_BACKGROUND_FOR_SIC, maxSic, type SicMax, sicAtFprPoints } from "./sic";
export { tprAtFpr, tprAtFprPoints } from "./thresholds";
export { type TopKComponent, type TopKMetrics, topKMetrics } from "./topk";
export {
  type BinaryMetrics,
  type ComponentMetrics,
  type TruthMetrics,
  binaryMetrics,
  truthMetrics,
} from "./truth";
export { type AtFpr, FPR_POINTS, type FprKey, type Labels, type MaybeNumber, type Scores } from "./types";
export { validateScoresLabels } from "./validate";
