import path from "node:path";
import { isHdf5, isScoreFileError, readPublicFeature, readScoreFile, readSealedTruth } from "@/core/formats";
import { type DiscoveryResult, discovery } from "@/scorer/bumphunt/discovery";
import { type DiscoverySettings, featuresNeeded, scoringMass } from "@/scorer/bumphunt/scoring-config";
import { truthMetrics } from "@/scorer/metrics";
import { discoveryConfig } from "./discovery-config";
import { applyDeviceFlag, flags, readBytes, readColumn, readJsonFile } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/**
 * `arena evaluate --scores FILE [--truth FILE] [--mass FILE | --features PUBLIC.h5] [--config FILE]`:
 * the truth metrics of SCORING §1 (with --truth) and the discovery significance of §2 (with masses)
 * — computed by the same function, config schema and defaults as the server. --truth is a sealed
 * truth file or a label file in any score-file format (column `label`, or one value per line):
 * 0 = background, k > 0 = signal component k; a truth without signal (a BB2-like box) makes the truth
 * metrics "not applicable". Scores and masses are aligned by event id when the files carry ids.
 * With a preselection in the config (the default |Δη| < 1.3), the masses must come from
 * --features, which has the jets' η.
 */
export const evaluateCommand: Command = async (argv) => {
  const f = flags(
    argv,
    {
      scores: { type: "string" },
      truth: { type: "string" },
      mass: { type: "string" },
      features: { type: "string" },
      config: { type: "string" },
      json: { type: "boolean" },
      device: { type: "string" },
    },
    ["scores"],
  );
  applyDeviceFlag(f.device);
  if (f.mass && f.features) throw new UsageError("give the masses once: --mass or --features, not both");
  if (!f.truth && !f.mass && !f.features)
    throw new UsageError(
      "nothing to compute: give --truth (truth metrics) and/or --mass or --features (discovery)",
    );
  if (f.config && !f.mass && !f.features) {
    throw new UsageError("--config configures the discovery significance: give --mass or --features too");
  }
  const truthFile = f.truth ? await readLabels(f.truth) : null;
  const eventIds = truthFile?.eventIds;
  const scoreFile = await readColumn(f.scores!, "scores", eventIds ? { eventIds } : {});
  const json: Record<string, unknown> = {};
  const text: string[] = [];
  if (truthFile) {
    const { labels } = truthFile;
    if (labels.length !== scoreFile.scores.length) {
      throw new Error(`--scores has ${scoreFile.scores.length} events but --truth has ${labels.length}`);
    }
    if (!labels.some((l) => l > 0)) {
      const notApplicable = "the truth holds no signal: ROC, AUC and SIC are undefined";
      json.truth = { notApplicable };
      text.push(`events: ${labels.length} (no signal)`, `truth metrics: not applicable (${notApplicable})`);
    } else {
      const { curves: _curves, ...truth } = truthMetrics(scoreFile.scores, labels);
      const fmt = (m: { value: number | null; reason?: string }) =>
        m.value === null ? `null (${m.reason})` : m.value.toPrecision(6);
      json.truth = truth;
      text.push(
        `events: ${labels.length} (${truth.nSignal} signal, ${truth.nBackground} background)`,
        `AUC: ${truth.auc.toPrecision(12)}`,
        ...Object.entries(truth.tprAtFpr).map(([x, m]) => `TPR at FPR ${x}: ${fmt(m)}`),
        `max SIC: ${fmt(truth.sicMax)}`,
      );
    }
  }
  if (!f.mass && !f.features) return { json, text: text.join("\n"), asJson: f.json === true };
  const config = discoveryConfig(f.config ? readJsonFile(f.config, "config") : {}, f.config ?? "");
  if (config.massFeature === null)
    throw new Error("the config has no mass feature (massFeature: null): no discovery significance");
  const ids = eventIds ?? scoreFile.eventIds;
  let mass: Float64Array;
  if (f.features) {
    mass = await featureMasses(f.features, config, ids);
  } else {
    if (config.preselection)
      throw new Error(
        `the config's preselection |Δη| < ${config.preselection.maxDeltaEta} needs the jets' η: give --features PUBLIC.h5 instead of --mass, or set "preselection": null`,
      );
    mass = (
      await readColumn(f.mass!, "mass", { ...(ids ? { eventIds: ids } : {}), valueNames: ["mass", "mjj"] })
    ).scores;
  }
  if (mass.length !== scoreFile.scores.length) {
    throw new Error(`the masses have ${mass.length} events but --scores has ${scoreFile.scores.length}`);
  }
  const disc = await discovery(scoreFile.scores, mass, config);
  json.discovery = disc;
  text.push(...(text.length ? [""] : []), "discovery (SCORING §2 v2):", ...discoveryLines(disc));
  return { json, text: text.join("\n"), asJson: f.json === true };
};

/** One line per cut and one for the summary, as the submission page shows them. */
export function discoveryLines(d: DiscoveryResult): string[] {
  const lines = d.cuts.map((c) => {
    const head = `ε=${c.efficiency}: ${c.selected} events (${c.inRange} in range)`;
    const model = c.model
      ? `, ${c.model.nParams}-par fit, gof p ${c.model.gofPvalue?.toPrecision(2) ?? "—"}`
      : "";
    if (c.status === "rejected")
      return `${head}${model}: background model rejected — ${c.rejection?.message}`;
    const b = c.bump!;
    return `${head}${model}, bump [${b.loEdge.toFixed(0)}, ${b.hiEdge.toFixed(0)}] GeV, local Z ${b.local.significance.toFixed(2)}, global p ${b.global.pvalue.toPrecision(3)} (Z ${b.global.significance.toFixed(2)}${b.global.extrapolated ? ", extrapolated" : ""})`;
  });
  const s = d.summary;
  lines.push(
    s
      ? `summary: Z = ${s.globalSignificance.toFixed(2)}${s.extrapolated ? " (extrapolated)" : ""}, p = ${s.pvalue.toPrecision(3)} over ${s.cuts.length} cut(s), best at ε = ${s.efficiency}, bump centre ${s.claimedMass.toFixed(0)} GeV; ${d.npe} refitted toys`
      : `summary: none — ${d.summaryReason}`,
  );
  return lines;
}

/**
 * Labels from a sealed truth file (HDF5 with /truth/label and /truth/event_id) or from a label
 * file in any score-file format (column `label`, or one value per line).
 */
async function readLabels(file: string): Promise<{ labels: Int32Array; eventIds?: BigInt64Array }> {
  const bytes = readBytes(file, "truth");
  const name = path.basename(file);
  if (isHdf5(bytes)) {
    try {
      return await readSealedTruth(bytes, name);
    } catch (e) {
      // HDF5 without /truth: an h5py or pandas label file, read below.
      if (!isScoreFileError(e) || e.code !== "upload:unknown_dataset") throw e;
    }
  }
  const col = await readScoreFile(bytes, name, { valueNames: ["label", "labels"] });
  const labels = Int32Array.from(col.scores, (v, i) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(
        `--truth ${file}: row ${i} is ${v}; labels must be 0 (background) or a signal component k > 0`,
      );
    }
    return v;
  });
  return { labels, eventIds: col.eventIds };
}

/** The scoring mass (mass feature, NaN where the preselection fails) from a public file, in `eventIds` order. */
async function featureMasses(
  file: string,
  config: Pick<DiscoverySettings, "massFeature" | "preselection">,
  eventIds?: BigInt64Array,
): Promise<Float64Array> {
  const bytes = readBytes(file, "features");
  const columns = new Map<string, Float64Array>();
  let own: BigInt64Array | undefined;
  for (const name of featuresNeeded(config)) {
    const r = await readPublicFeature(bytes, path.basename(file), name);
    columns.set(name, Float64Array.from(r.values));
    own = r.eventIds;
  }
  const mass = scoringMass(config, (name) => columns.get(name)!);
  if (!eventIds || !own) return mass;
  const at = new Map<bigint, number>();
  for (const [i, id] of own.entries()) at.set(id, i);
  return Float64Array.from(eventIds, (id) => {
    const i = at.get(id);
    if (i === undefined)
      throw new Error(`--features ${file}: has no event ${id} of the scores or truth file`);
    return mass[i]!;
  });
}
