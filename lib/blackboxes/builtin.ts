import fs from "node:fs";
import path from "node:path";

export type BuiltinBox = {
  slug: string;
  title: string;
  mode: "practice" | "blind";
  description: string;
  generator: { background: { n: number; variant?: string }; signals?: { n: number }[] };
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

/** A built-in spec scaled to `events` in total, keeping the proportions (for quick demo boxes). */
export function scaledGenerator(box: BuiltinBox, events?: number): BuiltinBox["generator"] {
  if (!events) return box.generator;
  const total = box.generator.background.n + (box.generator.signals ?? []).reduce((a, s) => a + s.n, 0);
  const k = events / total;
  return {
    ...box.generator,
    background: { ...box.generator.background, n: Math.round(box.generator.background.n * k) },
    signals: (box.generator.signals ?? []).map((s) => ({ ...s, n: Math.max(1, Math.round(s.n * k)) })),
  };
}
