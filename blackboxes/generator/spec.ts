import { z } from "zod";
import { AppError } from "@/lib/errors";

/** Most events one spec may ask for (features alone: 13 float32 each, ≈ 5 GB at this cap). */
export const MAX_EVENTS = 100_000_000;

const count = z.number().int().min(0).max(MAX_EVENTS);
const mass = z.number().min(1000).max(6500);
const daughterMass = z.number().min(10).max(3000);

const background = z.strictObject({
  n: count,
  variant: z.enum(["pythia", "herwig"]).default("pythia"),
});

const resonanceXY = z
  .strictObject({
    model: z.literal("resonance-xy"),
    n: count,
    mass,
    mX: daughterMass,
    mY: daughterMass,
    prongs: z.union([z.literal(2), z.literal(3)]).default(2),
  })
  .refine((s) => s.mX + s.mY < 0.8 * s.mass, {
    message: "mX + mY must be below 0.8·mass (two boosted jets)",
    path: ["mY"],
  });

const resonanceDijet = z
  .strictObject({
    model: z.literal("resonance-dijet"),
    n: count,
    mass,
    mode: z.enum(["dijet", "cascade"]).default("dijet"),
    mR: z.number().min(100).optional(),
  })
  .refine((s) => s.mode === "dijet" || (s.mR !== undefined && s.mR < 0.9 * s.mass), {
    message: "cascade mode needs mR below 0.9·mass",
    path: ["mR"],
  })
  .refine((s) => s.mode === "cascade" || s.mR === undefined, {
    message: "mR is only used by mode 'cascade'",
    path: ["mR"],
  });

export const generatorSpecSchema = z.strictObject({
  background,
  signals: z
    .array(z.discriminatedUnion("model", [resonanceXY, resonanceDijet]))
    .max(16)
    .default([]),
});

/** What a caller writes (defaults optional). */
export type GeneratorSpecInput = z.input<typeof generatorSpecSchema>;
/** The spec with defaults filled in. */
export type GeneratorSpec = z.output<typeof generatorSpecSchema>;
export type SignalSpec = GeneratorSpec["signals"][number];

/**
 * Validate a JSON-like spec. Throws AppError "validation" whose message and `details.fields` name
 * each bad field as a path, e.g. `signals[0].mX: Too small: expected number to be >=10`.
 */
export function parseGeneratorSpec(spec: unknown): GeneratorSpec {
  const r = generatorSpecSchema.safeParse(spec);
  if (r.success) {
    const total = r.data.background.n + r.data.signals.reduce((t, s) => t + s.n, 0);
    if (total > MAX_EVENTS) {
      const message = `total events ${total} exceed ${MAX_EVENTS}`;
      throw new AppError("validation", message, { fields: [{ field: "background.n", message }] });
    }
    return r.data;
  }
  const fields = r.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
  throw new AppError("validation", fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) out += typeof k === "number" ? `[${k}]` : `${out ? "." : ""}${String(k)}`;
  return out || "(spec)";
}
