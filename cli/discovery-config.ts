import os from "node:os";
import { scoringConfigSchema } from "@/lib/db/json";
import { type DiscoverySettings, parseDiscoverySettings } from "@/scorer/bumphunt/scoring-config";

/** The keys of a box's scoringConfig (lib/db/json.ts: the discovery metric's and the server's), and `threads`. */
const KNOWN_KEYS = new Set([...Object.keys(scoringConfigSchema.shape), "threads"]);

/**
 * `--config FILE`: a black box spec file (blackboxes/*.json: its `scoringConfig` is used) or a
 * scoringConfig object alone — the very schema and defaults the server scores with
 * (scorer/bumphunt/scoring-config.ts), plus `threads` (default: all cores). No file: the defaults.
 * Unknown keys are refused by name (a typo would otherwise silently score with a default).
 */
export function discoveryConfig(raw: unknown, file: string): DiscoverySettings & { threads: number } {
  const where = file ? `--config ${file}` : "the default config";
  const isSpec = typeof raw === "object" && raw !== null && "scoringConfig" in raw;
  const config = (isSpec ? (raw as { scoringConfig: unknown }).scoringConfig : raw) ?? {};
  if (typeof config !== "object" || Array.isArray(config))
    throw new Error(`${where}: must be a JSON object (a box spec or its scoringConfig)`);
  const prefix = isSpec ? "scoringConfig." : "";
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key))
      throw new Error(`${where}: ${prefix}${key}: unknown key (known: ${[...KNOWN_KEYS].sort().join(", ")})`);
  }
  const { threads, ...rest } = config as { threads?: unknown };
  if (threads !== undefined && !(Number.isInteger(threads) && (threads as number) >= 1))
    throw new Error(`${where}: ${prefix}threads: must be a positive integer`);
  const r = parseDiscoverySettings(rest);
  if (!r.ok)
    throw new Error(`${where}: ${r.issues.map((i) => `${prefix}${i.field}: ${i.message}`).join("; ")}`);
  return {
    ...r.settings,
    threads: (threads as number | undefined) ?? Math.max(1, os.availableParallelism()),
  };
}
