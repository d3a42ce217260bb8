import { z } from "zod";
import type { DiscoveryConfig } from "./discovery";
import { SQRT_S_GEV } from "@/core/events";

/**
 * The discovery part of a box's `scoringConfig` (SCORING §2 v2): one schema and one set of defaults
 * for the worker (lib/submissions/config.ts) and `arena evaluate --config`, so both compute the same
 * numbers. Defaults suit LHC Olympics-like boxes at √s = 13 TeV (docs/scoring.md says why): 40 bins
 * of 100 GeV on 3–7 TeV, scan widths 2–7 bins (≈ 3 × a 5 % mass resolution). The preselection
 * defaults to none, since not every box has jet η; the built-in boxes and LHCO imports set
 * DEFAULT_PRESELECTION, |Δη| < 1.3 between the two leading jets (as CMS dijet searches: it makes the
 * trigger turn-on sharp, so the spectrum above 3 TeV is a plain dijet shape).
 */
export const DEFAULT_BINS = { min: 3000, max: 7000, n: 40 } as const;
export const DEFAULT_PRESELECTION = { maxDeltaEta: 1.3 } as const;
/**
 * The search-phase threshold of the built-in boxes and LHCO imports (the schema keeps SCORING §2's
 * 0.01). With 0.01 about half of all background-only spectra trigger the exclusion (the smallest of
 * ~200 window p-values is below 0.01), and excluding a fluctuation and refitting inflates it: the
 * refitted toys' t then has a 99th percentile of 11–13 instead of 7.5–8 (40 bins, 5k–200k events;
 * docs/calibration.md), which costs a real bump ~1σ of global significance. At 1e-4 the exclusion
 * acts on candidates that are already interesting, and calibration is unchanged (the toys do the same).
 */
export const BUILTIN_SEARCH_P = 1e-4;

const positiveInt = z.number().int().min(1);

export const discoveryConfigSchema = z.object({
  /** The resonance-mass feature; null: the box has none (no discovery significance). */
  massFeature: z.string().min(1).nullable().default("mjj"),
  /**
   * Applied to every event before anything else; null for none. `maxDeltaEta`: keep events with
   * |eta1 − eta2| below it (needs the features eta1 and eta2).
   */
  preselection: z
    .strictObject({ maxDeltaEta: z.number().positive().max(10) })
    .nullable()
    .default(null),
  edges: z.array(z.number().positive()).min(6).optional(),
  bins: z
    .strictObject({ min: z.number().positive(), max: z.number().positive(), n: z.number().int().min(5) })
    .optional(),
  cutEfficiencies: z.array(z.number().gt(0).max(1)).min(1).max(8).default([1, 0.1, 0.01, 0.001]),
  npe: z.number().int().min(1).max(10_000_000).default(10_000),
  sqrtS: z.number().positive().default(SQRT_S_GEV),
  seed: z.number().int().min(0).default(0),
  widthMin: positiveInt.default(2),
  widthMax: positiveInt.optional(),
  alphaGof: z.number().gt(0).lt(1).default(0.01),
  alphaOrder: z.number().gt(0).lt(1).default(0.05),
  searchP: z.number().gt(0).lt(1).default(0.01),
  maxPull: z.number().positive().default(4),
  minParams: z.number().int().min(3).max(6).default(3),
  maxParams: z.number().int().min(3).max(6).default(6),
});

export type ScoringConfigInput = z.input<typeof discoveryConfigSchema>;

/** The parsed discovery settings: what `discovery` takes, plus the mass feature and preselection. */
export type DiscoverySettings = Required<Omit<DiscoveryConfig, "threads" | "device" | "maxNpe">> & {
  massFeature: string | null;
  preselection: { maxDeltaEta: number } | null;
};

export type ConfigIssue = { field: string; message: string };

/**
 * Parse the discovery keys of a scoring config (other keys pass: the submission settings own them).
 * Returns the settings or the issues, each naming its field (`bins.max`, `edges[3]`).
 */
export function parseDiscoverySettings(
  raw: unknown,
): { ok: true; settings: DiscoverySettings } | { ok: false; issues: ConfigIssue[] } {
  const r = discoveryConfigSchema.passthrough().safeParse(raw ?? {});
  if (!r.success) {
    return {
      ok: false,
      issues: r.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message })),
    };
  }
  const c = r.data;
  const issues: ConfigIssue[] = [];
  const b = c.bins ?? DEFAULT_BINS;
  if (c.edges && c.bins) issues.push({ field: "bins", message: "give edges or bins, not both" });
  if (!c.edges && !(b.max > b.min))
    issues.push({ field: "bins.max", message: `must exceed bins.min (${b.min})` });
  const edges = c.edges ?? Array.from({ length: b.n + 1 }, (_, i) => b.min + ((b.max - b.min) * i) / b.n);
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i]! > edges[i - 1]!)) {
      issues.push({ field: `edges[${i}]`, message: "bin edges must increase" });
      break;
    }
  }
  if (!(edges[edges.length - 1]! < c.sqrtS))
    issues.push({
      field: c.edges ? "edges" : "bins.max",
      message: `the fit range must end below √s = ${c.sqrtS} GeV`,
    });
  const nbins = edges.length - 1;
  if (c.widthMax !== undefined && c.widthMax < c.widthMin)
    issues.push({ field: "widthMax", message: `must be ≥ widthMin (${c.widthMin})` });
  if (c.widthMax !== undefined && c.widthMax > Math.floor(nbins / 2))
    issues.push({ field: "widthMax", message: `at most half the ${nbins} bins (${Math.floor(nbins / 2)})` });
  if (c.minParams > c.maxParams)
    issues.push({ field: "maxParams", message: `must be ≥ minParams (${c.minParams})` });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    settings: {
      massFeature: c.massFeature,
      preselection: c.preselection,
      edges,
      cutEfficiencies: c.cutEfficiencies,
      sqrtS: c.sqrtS,
      npe: c.npe,
      seed: c.seed,
      scan: { widthMin: c.widthMin, widthMax: c.widthMax },
      alphaGof: c.alphaGof,
      alphaOrder: c.alphaOrder,
      searchP: c.searchP,
      maxPull: c.maxPull,
      minParams: c.minParams,
      maxParams: c.maxParams,
    },
  };
}

/** The features a config reads from a public file: the mass, then what the preselection needs. */
export function featuresNeeded(s: Pick<DiscoverySettings, "massFeature" | "preselection">): string[] {
  if (s.massFeature === null) return [];
  return s.preselection ? [s.massFeature, "eta1", "eta2"] : [s.massFeature];
}

/** A short key naming the mass column a config scores with (mass plus preselection), for caches. */
export function scoringColumnKey(s: Pick<DiscoverySettings, "massFeature" | "preselection">): string | null {
  if (s.massFeature === null) return null;
  return s.preselection ? `${s.massFeature}|deta<${s.preselection.maxDeltaEta}` : s.massFeature;
}

/**
 * The mass each event is scored with: the mass feature where the event passes the preselection,
 * NaN where it does not (discovery() leaves NaN-mass events out of every cut).
 * @param column a feature's values by name (eta1 and eta2 are asked for only with a preselection).
 */
export function scoringMass(
  s: Pick<DiscoverySettings, "massFeature" | "preselection">,
  column: (name: string) => ArrayLike<number>,
): Float64Array {
  if (s.massFeature === null) return new Float64Array(0);
  const mass = Float64Array.from(column(s.massFeature));
  if (!s.preselection) return mass;
  const eta1 = column("eta1");
  const eta2 = column("eta2");
  const max = s.preselection.maxDeltaEta;
  for (let i = 0; i < mass.length; i++) if (!(Math.abs(eta1[i]! - eta2[i]!) < max)) mass[i] = Number.NaN;
  return mass;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) out += typeof k === "number" ? `[${k}]` : `${out ? "." : ""}${String(k)}`;
  return out || "(config)";
}

/**
 * The widest scan window by default: 3 × a 5 % mass resolution at the range's geometric centre, in
 * bins of the median width, within [widthMin, nbins / 2] (SCORING §2: `width_max` ≈ 2–3 × the
 * resolution, not half the range).
 */
export function defaultWidthMax(edges: ArrayLike<number>, widthMin = 2): number {
  const nbins = edges.length - 1;
  const centre = Math.sqrt(edges[0]! * edges[nbins]!);
  const widths = Array.from({ length: nbins }, (_, i) => edges[i + 1]! - edges[i]!).sort((a, b) => a - b);
  const median = widths[Math.floor(nbins / 2)]!;
  return Math.max(widthMin, Math.min(Math.floor(nbins / 2), Math.round((3 * 0.05 * centre) / median)));
}
