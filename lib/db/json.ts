import { z } from "zod";
import { SEED_HEX } from "@/blackboxes/generator/seed";
import { generatorSpecSchema } from "@/blackboxes/generator/spec";
import { importSpecSchema } from "@/lib/imports/spec";
import { discoveryConfigSchema } from "@/scorer/bumphunt/scoring-config";
import { CLAIM_RESOLUTION_DEFAULTS } from "@/scorer/metrics/claims";

/**
 * The JSON stored in the black box and submission columns, one zod schema per shape (the
 * evaluations' and snapshots' are in ./json-metrics; the build check and data summary beside their
 * code: lib/submissions/build-check.ts, lib/blackboxes/data-summary.ts). lib/db/schema.ts types each
 * jsonb column with its schema's type; values are parsed where they enter the database and where a
 * reader must trust them (`parseStored`), never re-declared with a cast.
 */

const count = z.number().int().min(0);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** A stored seed: 64 lowercase hex digits (what the server draws), or a whole number (older boxes, tests). */
const seedSchema = z.union([z.string().regex(SEED_HEX), z.number().int().min(0)]);
/**
 * What every box spec carries besides its events' source: the seed, and the salt of the sealed truth
 * file (stored with the spec on the first build, so a rebuilt truth file has the same commitment).
 */
const sealed = { seed: seedSchema, salt: z.string().min(1).optional() };

/** A generated box: the generator spec (blackboxes/generator/spec.ts) with `events` and `background.n` filled in. */
export const generatedBoxSpecSchema = z.object({ generator: generatorSpecSchema, ...sealed });

/** One component of an imported box as its build counted it (label, events, the file's name for it). */
const importComponentSchema = z.looseObject({
  label: z.number().int(),
  n: count,
  name: z.string().optional(),
});
export type ImportComponent = z.infer<typeof importComponentSchema>;
/** An imported box: format, source blobs and signal info (lib/imports/spec.ts), plus the components its build found. */
export const importedBoxSpecSchema = z.object({
  import: importSpecSchema.extend({ components: z.array(importComponentSchema).optional() }),
  ...sealed,
});

/**
 * `black_boxes.spec`: how the box's events are made, generated or imported. Truth until the reveal:
 * the injected signals, the seed and the salt decide the labels.
 */
export const boxSpecSchema = z.union([generatedBoxSpecSchema, importedBoxSpecSchema]);
/**
 * A stored spec as written: boxes made before the generator's defaults existed lack them (no
 * `variant`, no `prongs`), so the stored type is the schema's input; parsing fills them in.
 */
export type BoxSpec = z.input<typeof boxSpecSchema>;
export type GeneratedBoxSpec = z.input<typeof generatedBoxSpecSchema>;
export type ImportedBoxSpec = z.input<typeof importedBoxSpecSchema>;

/** `black_boxes.feature_schema`: the public file's feature names and their units ("GeV" or ""). */
export const featureSchemaSchema = z.object({
  names: z.array(z.string()),
  units: z.array(z.string()).optional(),
});
export type FeatureSchema = z.infer<typeof featureSchemaSchema>;

/**
 * `black_boxes.scoring_columns`: the build's column cache, a `.npy` [N, 2] blob of (event_id, scoring
 * mass); `feature` names the mass column and preselection it holds (scoringColumnKey). Public data.
 */
export const scoringColumnsSchema = z.object({ feature: z.string(), blob: sha256 });
export type ScoringColumns = z.infer<typeof scoringColumnsSchema>;

/** Truth metrics a box may rank score submissions by once the truth is visible (SCORING §5). */
export const PRIMARY_METRICS = ["maxSic", "auc", "tprAt1e3", "tprAt1e5"] as const;
export type PrimaryMetric = (typeof PRIMARY_METRICS)[number];

/** The scoring config's keys beyond the discovery metric's: what submissions are and how they rank. */
export const submissionConfigSchema = z.object({
  primaryMetric: z.enum(PRIMARY_METRICS).optional(),
  topK: z.number().int().min(1).default(1000),
  maxUploadMB: z.number().positive().default(64),
  // ≤ 0.3 keeps σ_floor < range/√(2π): a correctly stated quantity always beats leaving it out.
  claims: z
    .object({
      massResolution: z.number().gt(0).max(0.3).default(CLAIM_RESOLUTION_DEFAULTS.massResolution),
      daughterMassResolution: z
        .number()
        .gt(0)
        .max(0.3)
        .default(CLAIM_RESOLUTION_DEFAULTS.daughterMassResolution),
      maxDaughterMass: z.number().positive().optional(),
    })
    .prefault({}),
  /** Training epochs of the autoencoder baseline (SCORING §5; default 20). */
  aeEpochs: z.number().int().min(1).max(500).optional(),
});

/**
 * `black_boxes.scoring_config`: the discovery metric's keys (scorer/bumphunt/scoring-config.ts) and
 * the submission keys above, stored as the organizer gave them (defaults are applied when read:
 * lib/submissions/config.ts). Other keys pass.
 */
export const scoringConfigSchema = discoveryConfigSchema.extend(submissionConfigSchema.shape).loose();
export type ScoringConfig = z.input<typeof scoringConfigSchema>;

/** `black_boxes.quotas`: submissions per team per UTC day and in total (defaults 5 and 50). Other keys pass. */
export const quotasSchema = z.looseObject({
  submissionsPerDay: z.number().int().min(0).default(5),
  submissionsTotal: z.number().int().min(0).default(50),
});
export type Quotas = z.input<typeof quotasSchema>;

/**
 * `submissions.file_details`: what was learned from the stored file. An upload: the reader's findings
 * (format, gzip, rows, whether aligned by event_id, and the format's own keys); a top-K list: its K;
 * a baseline: how it was computed (device, seconds, the autoencoder's losses per epoch, …). Other keys pass.
 */
export const fileDetailsSchema = z.looseObject({
  format: z.string().optional(),
  gzip: z.boolean().optional(),
  rows: count.optional(),
  aligned: z.boolean().optional(),
  k: count.optional(),
  baseline: z.string().optional(),
  device: z.string().optional(),
  backend: z.string().optional(),
  seconds: z.number().optional(),
  trainSeconds: z.number().optional(),
  events: count.optional(),
  losses: z.array(z.number()).optional(),
});
export type FileDetails = z.infer<typeof fileDetailsSchema>;

/** `submissions.error`: why scoring failed, as its team reads it. */
export const submissionErrorSchema = z.object({ message: z.string() });
export type SubmissionError = z.infer<typeof submissionErrorSchema>;

/** One problem of a stored value: the field as a path (`generator.signals[0].mass`) and the reason. */
export type StoredIssue = { field: string; message: string };

/** zod's issues with each field written as a path, under `prefix` (a column, or a body field). */
export function storedIssues(error: z.ZodError, prefix = ""): StoredIssue[] {
  return error.issues.map((i) => {
    let field = prefix;
    for (const k of i.path) field += typeof k === "number" ? `[${k}]` : `${field ? "." : ""}${String(k)}`;
    return { field: field || "(value)", message: i.message };
  });
}

/**
 * Parse a stored value that a reader must trust: the value with the schema's defaults, or an Error
 * naming the column and each bad field, e.g. "black_boxes.quotas: submissionsPerDay: Too small: …".
 * @example parseStored(quotasSchema, { submissionsTotal: 9 }, "black_boxes.quotas").submissionsPerDay // 5
 */
export function parseStored<S extends z.ZodType>(schema: S, value: unknown, column: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = storedIssues(r.error);
  throw new Error(`${column}: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
}

/**
 * Parse a stored box spec (parseStored): an object with `import` as an imported box's, anything else
 * as a generated box's, so an error names the field (`generator.signals[0].mass`) rather than the union.
 */
export function parseBoxSpec(value: unknown): z.output<typeof boxSpecSchema> {
  const imported = typeof value === "object" && value !== null && "import" in value;
  return parseStored(imported ? importedBoxSpecSchema : generatedBoxSpecSchema, value, "black_boxes.spec");
}
