import { z } from "zod";
import { InputError } from "@/core/errors";

/** Most events one spec may ask for (features alone: 13 float32 each, ≈ 5 GB at this cap). */
export const MAX_EVENTS = 100_000_000;

const count = z.number().int().min(0).max(MAX_EVENTS);
const mass = z.number().min(1000).max(6500);
const daughterMass = z.number().min(10).max(3000);

const background = z.strictObject({
  /** Legacy: the number of background events (the total is then this plus the signals'). */
  n: count.optional(),
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
  /**
   * Events in the box, signal included: background fills what the signals leave, so the count says
   * nothing about them. Give this or the legacy `background.n` (both only when they agree).
   */
  events: count.optional(),
  background,
  signals: z
    .array(z.discriminatedUnion("model", [resonanceXY, resonanceDijet]))
    .max(16)
    .default([]),
});

/** What a caller writes (defaults optional). */
export type GeneratorSpecInput = z.input<typeof generatorSpecSchema>;
type Parsed = z.output<typeof generatorSpecSchema>;
/** The spec with defaults filled in: `events` the total, `background.n` what the signals leave. */
export type GeneratorSpec = Omit<Parsed, "events" | "background"> & {
  events: number;
  background: Parsed["background"] & { n: number };
};
export type SignalSpec = GeneratorSpec["signals"][number];

/**
 * Validate a JSON-like spec and fill in `events` (the total) and `background.n` (the total less the
 * signals). Throws InputError whose message and `details.fields` name each bad field as a
 * path, e.g. `signals[0].mX: Too small: expected number to be >=10`, or `events` when there are fewer
 * events than signal events, or neither `events` nor `background.n` is given.
 * @example parseGeneratorSpec({ events: 1000, signals: [{ model: "resonance-dijet", n: 10, mass: 4000 }] }).background.n // 990
 */
export function parseGeneratorSpec(spec: unknown): GeneratorSpec {
  const r = generatorSpecSchema.safeParse(spec);
  if (r.success) {
    const nSignal = r.data.signals.reduce((t, s) => t + s.n, 0);
    const { events, background } = r.data;
    const fail = (field: string, message: string) => {
      throw new InputError(`${field}: ${message}`, { fields: [{ field, message }] });
    };
    if (events === undefined && background.n === undefined)
      fail("events", "required: the number of events in the box, signal included");
    if (events !== undefined && events < nSignal)
      fail("events", `must be at least the signals' ${nSignal} events (signal replaces background)`);
    if (events !== undefined && background.n !== undefined && background.n !== events - nSignal)
      fail("background.n", `must be events − the signals' n (${events - nSignal}) when both are given`);
    const total = events ?? (background.n as number) + nSignal;
    if (total > MAX_EVENTS)
      fail(events === undefined ? "background.n" : "events", `total events ${total} exceed ${MAX_EVENTS}`);
    return { ...r.data, events: total, background: { ...background, n: total - nSignal } };
  }
  const fields = r.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message }));
  throw new InputError(fields.map((f) => `${f.field}: ${f.message}`).join("; "), { fields });
}

/**
 * A spec scaled to `events` in all, for quick boxes (the demo's ARENA_DEMO_EVENTS, `arena generate
 * --events`): each signal keeps its share of the events, rounded and at least one; the background
 * fills the rest. Reads `spec` with parseGeneratorSpec (whose InputError it throws) and returns an
 * input spec, without `background.n`, to be parsed like any other (the signals may be replaced).
 * @example scaleGenerator({ events: 1_000_000, background: {}, signals: [{ model: "resonance-dijet", n: 834, mass: 3823 }] }, 1000).signals[0].n // 1
 */
export function scaleGenerator(spec: unknown, events: number): GeneratorSpecInput & { events: number } {
  const full = parseGeneratorSpec(spec);
  const k = events / Math.max(1, full.events);
  return {
    ...full,
    events,
    background: { variant: full.background.variant },
    signals: full.signals.map((s) => ({ ...s, n: Math.max(1, Math.round(s.n * k)) })),
  };
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const k of path) out += typeof k === "number" ? `[${k}]` : `${out ? "." : ""}${String(k)}`;
  return out || "(spec)";
}
