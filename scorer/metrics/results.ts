import { z } from "zod";
import { FPR_POINTS } from "./types";

/**
 * What the truth metrics (SCORING §1), top-K (§4) and claim scoring (§3) return, as zod schemas:
 * the worker stores these objects in `evaluations.metrics` (lib/db/json.ts) and the API document is
 * generated from the same schemas, so each shape is declared once, here, and its type inferred.
 */

const num = z.number();
const count = z.number().int().min(0);

const known = z.object({ value: num, reason: z.never().optional() });
const unknown = z.object({
  value: z.null(),
  reason: z.string().describe("Why the number is undefined for this input"),
});
/**
 * A number that may be undefined for this input. When `value` is null, `reason` says why (for the
 * page and the API), e.g. `tprAtFpr`'s "FPR = 0.00001 needs at least 100000 background events
 * (x·N_bkg ≥ 1); there are 5000".
 */
export const maybeNumberSchema = z.union([known, unknown]);
export type MaybeNumber = z.infer<typeof maybeNumberSchema>;

/** A value at each FPR working point of SCORING §1, keyed "1e-2" … "1e-5". */
export const atFprSchema = z.record(z.enum(FPR_POINTS), maybeNumberSchema);
export type AtFpr = z.infer<typeof atFprSchema>;

const rocPoint = { fpr: num.optional(), tpr: num.optional() };
/** Max SIC, with the ROC point (`fpr`, `tpr`) where it is reached when `value` is a number. */
export const sicMaxSchema = z.union([known.extend(rocPoint), unknown.extend(rocPoint)]);
export type SicMax = z.infer<typeof sicMaxSchema>;

export const rocCurvePointsSchema = z.object({ fpr: z.array(num), tpr: z.array(num) });
export type RocCurvePoints = z.infer<typeof rocCurvePointsSchema>;
export const sicCurvePointsSchema = z.object({ fpr: z.array(num), sic: z.array(num) });
export type SicCurvePoints = z.infer<typeof sicCurvePointsSchema>;

export const binaryMetricsSchema = z.object({
  auc: num,
  tprAtFpr: atFprSchema,
  sicAtFpr: atFprSchema,
  sicMax: sicMaxSchema,
});
export type BinaryMetrics = z.infer<typeof binaryMetricsSchema>;

export const componentMetricsSchema = binaryMetricsSchema.extend({ component: count, nSignal: count });
export type ComponentMetrics = z.infer<typeof componentMetricsSchema>;

export const truthMetricsSchema = binaryMetricsSchema.extend({
  nSignal: count,
  nBackground: count,
  components: z
    .array(componentMetricsSchema)
    .describe("Component k (label k) against background only, ascending k"),
  curves: z
    .object({ roc: rocCurvePointsSchema, sic: sicCurvePointsSchema })
    .describe("Overall curves, down-sampled for plots (at most 500 points, log-spaced in FPR)"),
});
export type TruthMetrics = z.infer<typeof truthMetricsSchema>;

export const topKComponentSchema = z.object({
  component: count,
  found: count,
  injected: count,
  recall: num,
});
export type TopKComponent = z.infer<typeof topKComponentSchema>;

export const topKMetricsSchema = z.object({
  k: count,
  signalFound: count.describe("Signal events (label > 0) among the submitted IDs"),
  signalInjected: count.describe("Signal events in the box"),
  precision: num.describe("signalFound / K"),
  recall: maybeNumberSchema.describe(
    "signalFound / signalInjected; null with a reason for a box without signal",
  ),
  components: z.array(topKComponentSchema).describe("Per signal component present in the box, ascending"),
});
export type TopKMetrics = z.infer<typeof topKMetricsSchema>;

const orNull = num.nullable();
export const claimScoreSchema = z.object({
  detectionCorrect: z.boolean(),
  matchedComponent: count
    .nullable()
    .describe("Component of the true resonance nearest the claimed mass; null when not scored"),
  pulls: z
    .object({ mass: orNull, nSignal: orNull, daughterMasses: z.array(orNull).nullable() })
    .describe("|claimed − true| / claimed σ; null where the quantity was not claimed or not scored"),
  terms: z
    .object({ mass: num, nSignal: num, daughterMasses: z.array(num) })
    .nullable()
    .describe(
      "The log score's terms (nats): mass, nSignal, and one per true daughter mass of the matched resonance, in the truth's order; a left-out quantity's term is its flat default ln(range width). Null exactly when logScore is",
    ),
  logScore: orNull.describe(
    "Sum of `terms`: the negative log-likelihood of the truth under the claim; lower is better",
  ),
});
export type ClaimScore = z.infer<typeof claimScoreSchema>;
