import fs from "node:fs";
import path from "node:path";
import { type GeneratorSpecInput, scaleGenerator } from "@/blackboxes/generator/spec";
import type { Quotas, ScoringConfig } from "@/lib/db/json";

export type BuiltinBox = {
  slug: string;
  title: string;
  mode: "practice" | "blind";
  description: string;
  /** A generator spec: `events` in all, signal included (blackboxes/generator/spec.ts). */
  generator: GeneratorSpecInput & { events: number };
  scoringConfig: ScoringConfig;
  quotas: Quotas;
};

export const BUILTIN_SLUGS = ["rnd", "bb1", "bb2", "bb3"] as const;

/** The built-in black box specs in blackboxes/*.json (the LHC Olympics 2020 replay). */
export function builtinBoxes(): BuiltinBox[] {
  const dir = path.join(process.cwd(), "blackboxes");
  return BUILTIN_SLUGS.map(
    (s) => JSON.parse(fs.readFileSync(path.join(dir, `${s}.json`), "utf8")) as BuiltinBox,
  );
}

/** A built-in spec, or with `events` the spec scaled to that many events (scaleGenerator). */
export function scaledGenerator(box: BuiltinBox, events?: number): BuiltinBox["generator"] {
  return events ? scaleGenerator(box.generator, events) : box.generator;
}
