import { z } from "zod";

/**
 * docs/calibration/verdicts.json, the summary the calibration study (`npm run study:calibration`,
 * bench/calibration/) writes and the methods page reads: one schema for both sides.
 */
export const CALIBRATION_VARIANTS = ["pythia", "herwig"] as const;
export const CALIBRATION_SCORES = ["plain", "random", "pt1"] as const;

/** One background and score of the study: KS p of its global p-values and the count below 0.05. */
export const calibrationVerdict = z.object({
  variant: z.enum(CALIBRATION_VARIANTS),
  kind: z.enum(CALIBRATION_SCORES),
  n: z.number().int(),
  rejected: z.number().int(),
  ksP: z.number(),
  below05: z.number().int(),
  interval: z.object({ lo: z.number(), hi: z.number() }),
  pass: z.boolean(),
});
export type CalibrationVerdict = z.infer<typeof calibrationVerdict>;

export const calibrationVerdicts = z.object({ command: z.string(), verdicts: z.array(calibrationVerdict) });
