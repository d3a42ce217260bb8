import { z } from "zod";
import type { DiscoveryResult } from "@/scorer/bumphunt/discovery";

/**
 * The box build check (SCORING §2): the plain bump hunt (ε = 1, no score) with the box's scoring
 * config, run when the box is built, so the organizer sees a rejected background model — its fit,
 * pulls and reason — before opening the box. Public data only. Stored as `black_boxes.build_check`.
 */
export const buildCheckSchema = z.object({
  status: z.enum(["ok", "rejected"]),
  /** Why the model was rejected (absent when ok). */
  reason: z.string().optional(),
  nParams: z.number().nullable(),
  deviance: z.number().nullable(),
  ndf: z.number().nullable(),
  gofPvalue: z.number().nullable(),
  maxAbsPull: z.number().nullable(),
  /** The plain bump hunt's global Z (null when rejected). */
  globalSignificance: z.number().nullable(),
  bump: z.object({ loEdge: z.number(), hiEdge: z.number() }).nullable(),
  edges: z.array(z.number()),
  counts: z.array(z.number()),
  background: z.array(z.number()).nullable(),
  pulls: z.array(z.number()).nullable(),
  preselected: z.number(),
  npe: z.number(),
  seconds: z.number(),
});
export type BuildCheck = z.infer<typeof buildCheckSchema>;

/** The build check of a plain bump hunt's result (its single cut). */
export function buildCheckOf(r: DiscoveryResult): BuildCheck {
  const c = r.cuts[0];
  if (!c) throw new Error("the build check ran no cut");
  return {
    status: c.status,
    ...(c.rejection ? { reason: c.rejection.message } : {}),
    nParams: c.model?.nParams ?? null,
    deviance: c.model?.deviance ?? null,
    ndf: c.model?.ndf ?? null,
    gofPvalue: c.model?.gofPvalue ?? null,
    maxAbsPull: c.model?.maxAbsPull ?? null,
    globalSignificance: c.bump?.global.significance ?? null,
    bump: c.bump ? { loEdge: c.bump.loEdge, hiEdge: c.bump.hiEdge } : null,
    edges: c.edges,
    counts: c.counts,
    background: c.background ?? null,
    pulls: c.pulls ?? null,
    preselected: r.preselected,
    npe: r.npe,
    seconds: r.timings.total,
  };
}
