import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { readScoreFile } from "@/core/formats";
import { UsageError } from "./usage";

type Spec = Record<string, { type: "string" | "boolean" }>;

/** Parse a command's flags; unknown flags and stray arguments are usage errors. */
export function flags<S extends Spec>(argv: string[], spec: S, required: (keyof S & string)[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv, options: spec, allowPositionals: false, strict: true })
      .values as typeof values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const r of required) if (values[r] === undefined) throw new UsageError(`--${r} is required`);
  return values as { [K in keyof S]?: S[K]["type"] extends "boolean" ? boolean : string };
}

export function readBytes(file: string, flag: string): Uint8Array {
  if (!fs.existsSync(file)) throw new UsageError(`--${flag} ${file}: no such file`);
  return new Uint8Array(fs.readFileSync(file));
}

export function readJsonFile(file: string, flag: string): unknown {
  const text = Buffer.from(readBytes(file, flag)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`--${flag} ${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** A per-event column (scores, labels or masses) from any score-file format. */
export async function readColumn(
  file: string,
  flag: string,
  opts: { eventIds?: BigInt64Array; valueNames?: string[] } = {},
) {
  return readScoreFile(readBytes(file, flag), path.basename(file), {
    ...(opts.eventIds ? { eventIds: opts.eventIds } : {}),
    ...(opts.valueNames ? { valueNames: opts.valueNames } : {}),
  });
}

export function positiveInt<F extends number | undefined>(
  value: string | undefined,
  flag: string,
  fallback: F,
): number | F {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${flag} must be a positive integer, got "${value}"`);
  return n;
}

/** `--flag K` for an integer K ≥ 0. */
export function nonNegativeInt(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isSafeInteger(n) || n < 0)
    throw new UsageError(`--${flag} must be an integer ≥ 0, got "${value}"`);
  return n;
}

/** `--device auto|cpu|gpu`: where pseudo-experiments and the AE run (sets ARENA_DEVICE for this run). */
export function applyDeviceFlag(value: string | undefined): void {
  if (value === undefined) return;
  if (!["auto", "cpu", "gpu"].includes(value))
    throw new UsageError(`--device must be auto, cpu or gpu, got "${value}"`);
  process.env.ARENA_DEVICE = value;
}
