import fs from "node:fs";
import path from "node:path";

export type BuiltinBox = {
  slug: string;
  title: string;
  mode: "practice" | "blind";
  description: string;
  /** A generator spec: `events` in all, signal included (blackboxes/generator/spec.ts). */
  generator: { events: number; background: { variant?: string }; signals?: { n: number }[] };
  scoringConfig: Record<string, unknown>;
  quotas: Record<string, unknown>;
};

export const BUILTIN_SLUGS = ["rnd", "bb1", "bb2", "bb3"] as const;

/** The built-in black box specs in blackboxes/*.json (the LHC Olympics 2020 replay). */
export function builtinBoxes(): BuiltinBox[] {
  const dir = path.join(process.cwd(), "blackboxes");
  return BUILTIN_SLUGS.map(
    (s) => JSON.parse(fs.readFileSync(path.join(dir, `${s}.json`), "utf8")) as BuiltinBox,
  );
}

/**
 * A built-in spec scaled to `events` in total, each signal keeping its share of the events (at least
 * one); the background fills the rest (for quick demo boxes).
 */
export function scaledGenerator(box: BuiltinBox, events?: number): BuiltinBox["generator"] {
  if (!events) return box.generator;
  const k = events / box.generator.events;
  return {
    ...box.generator,
    events,
    signals: (box.generator.signals ?? []).map((s) => ({ ...s, n: Math.max(1, Math.round(s.n * k)) })),
  };
}
