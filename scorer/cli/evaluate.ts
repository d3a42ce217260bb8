import path from "node:path";
import { isHdf5, isScoreFileError, readPublicFeature, readScoreFile, readSealedTruth } from "@/lib/formats";
import { discovery } from "@/scorer/bumphunt/discovery";
import { truthMetrics } from "@/scorer/metrics";
import { discoveryConfig } from "./discovery-config";
import { applyDeviceFlag, flags, readBytes, readColumn, readJsonFile } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/**
 * `arena evaluate --scores FILE --truth FILE [--mass FILE | --features PUBLIC.h5] [--config FILE]`:
 * the truth metrics of SCORING §1 and, with masses, the discovery significance of §2 — computed
 * exactly as the server computes them. --truth is a sealed truth file or a label file in any
 * score-file format (column `label`, or one value per line): 0 = background, k > 0 = signal
 * component k. Scores and masses are aligned to the labels by event id when the files carry ids.
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
    ["scores", "truth"],
  );
  applyDeviceFlag(f.device);
  if (f.mass && f.features) throw new UsageError("give the masses once: --mass or --features, not both");
  if (f.config && !f.mass && !f.features) {
    throw new UsageError("--config configures the discovery significance: give --mass or --features too");
  }
  const { labels, eventIds } = await readLabels(f.truth!);
  const scoreFile = await readColumn(f.scores!, "scores", { eventIds });
  if (labels.length !== scoreFile.scores.length) {
    throw new Error(`--scores has ${scoreFile.scores.length} events but --truth has ${labels.length}`);
  }
  const { curves: _curves, ...truth } = truthMetrics(scoreFile.scores, labels);
  const fmt = (m: { value: number | null; reason?: string }) =>
    m.value === null ? `null (${m.reason})` : m.value.toPrecision(6);
  const text = [
    `events: ${labels.length} (${truth.nSignal} signal, ${truth.nBackground} background)`,
    `AUC: ${truth.auc.toPrecision(12)}`,
    ...Object.entries(truth.tprAtFpr).map(([x, m]) => `TPR at FPR ${x}: ${fmt(m)}`),
    `max SIC: ${fmt(truth.sicMax)}`,
  ].join("\n");
  if (!f.mass && !f.features) return { json: { truth }, text, asJson: f.json === true };
  const config = discoveryConfig(f.config ? readJsonFile(f.config, "config") : {}, f.config ?? "");
  const masses = f.features
    ? await featureMasses(f.features, config.massFeature, eventIds)
    : await readColumn(f.mass!, "mass", { eventIds, valueNames: ["mass", "mjj"] });
  if (masses.scores.length !== scoreFile.scores.length) {
    throw new Error(`--mass has ${masses.scores.length} events but --scores has ${scoreFile.scores.length}`);
  }
  const disc = await discovery(scoreFile.scores, masses.scores, config);
  const lines = disc.cuts.map((c) =>
    c.bump
      ? `ε=${c.efficiency}: ${c.selected} events, bump [${c.bump.loEdge.toFixed(0)}, ${c.bump.hiEdge.toFixed(0)}] GeV, local Z ${c.bump.local.significance.toFixed(2)}, global p ${c.bump.global.pvalue}${c.bump.global.lowerLimit ? " (limit)" : ""}`
      : `ε=${c.efficiency}: ${c.selected} events, no fit (${c.fit.status === "failed" ? c.fit.message : "refit failed"})`,
  );
  return {
    json: { truth, discovery: disc },
    text: [text, "", "discovery:", ...lines].join("\n"),
    asJson: f.json === true,
  };
};

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

/** `mjj` from a public black box file, in the order of `eventIds` when given. */
async function featureMasses(file: string, feature: string, eventIds?: BigInt64Array) {
  const { values, eventIds: own } = await readPublicFeature(
    readBytes(file, "features"),
    path.basename(file),
    feature,
  );
  if (!eventIds) return { scores: values };
  const at = new Map<bigint, number>();
  for (const [i, id] of own.entries()) at.set(id, i);
  const scores = Float64Array.from(eventIds, (id) => {
    const i = at.get(id);
    if (i === undefined) throw new Error(`--features ${file}: has no event ${id} of the truth file`);
    return values[i]!;
  });
  return { scores };
}
