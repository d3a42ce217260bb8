import { discovery } from "@/scorer/bumphunt/discovery";
import { truthMetrics } from "@/scorer/metrics";
import { discoveryConfig } from "./discovery-config";
import { flags, readColumn, readJsonFile } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/**
 * `arena evaluate --scores FILE --truth FILE`: the truth metrics of SCORING §1, computed exactly as
 * the server computes them. --truth is a label file in any score-file format, its column or dataset
 * named `label` (or one value per line): 0 = background, k > 0 = signal component k. Scores are
 * aligned to the labels by event id when both files carry ids.
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
    },
    ["scores", "truth"],
  );
  if (f.features) {
    throw new UsageError(
      "--features (public black box files) comes with black boxes; pass the masses with --mass",
    );
  }
  if (f.config && !f.mass)
    throw new UsageError("--config configures the discovery significance: give --mass too");
  const truthFile = await readColumn(f.truth!, "truth", { valueNames: ["label", "labels"] });
  const scoreFile = await readColumn(f.scores!, "scores", { eventIds: truthFile.eventIds });
  const labels = Int32Array.from(truthFile.scores, (v, i) => {
    if (!Number.isInteger(v) || v < 0) {
      throw new Error(
        `--truth ${f.truth}: row ${i} is ${v}; labels must be 0 (background) or a signal component k > 0`,
      );
    }
    return v;
  });
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
  if (!f.mass) return { json: { truth }, text, asJson: f.json === true };
  const masses = await readColumn(f.mass, "mass", {
    eventIds: truthFile.eventIds,
    valueNames: ["mass", "mjj"],
  });
  if (masses.scores.length !== scoreFile.scores.length) {
    throw new Error(`--mass has ${masses.scores.length} events but --scores has ${scoreFile.scores.length}`);
  }
  const config = discoveryConfig(f.config ? readJsonFile(f.config, "config") : {}, f.config ?? "");
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
