import "server-only";
import fs from "node:fs";
import path from "node:path";
import { type CalibrationVerdict, calibrationVerdicts } from "@/lib/calibration";
import { listBlackBoxesWithConfig } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/actor";
import { submissionSettings } from "@/lib/submissions/config";
import { BASELINES } from "@/scorer/baselines/registry";
import { defaultWidthMax, parseDiscoverySettings } from "@/scorer/bumphunt/scoring-config";

/** How one box is scored, as its methods section shows it (all of it is public: it shapes every result). */
export type BoxMethod = {
  slug: string;
  title: string;
  mode: string;
  /** null: the box has no mass feature, so no discovery significance (only truth metrics). */
  discovery: {
    massFeature: string;
    preselection: string;
    range: [number, number];
    bins: number;
    widths: [number, number];
    cutEfficiencies: number[];
    npe: number;
    orders: [number, number];
    alphaOrder: number;
    searchP: number;
    alphaGof: number;
    maxPull: number;
  } | null;
  primaryMetric: string;
};

/**
 * The scoring settings of every box of a challenge the actor can see (drafts: organizers only), from
 * each box's own scoring config with the defaults filled in — the same parse the scorer uses.
 */
export async function challengeMethods(
  db: Db,
  actor: Actor | null,
  challengeSlug: string,
): Promise<BoxMethod[]> {
  const boxes = await listBlackBoxesWithConfig(db, actor, challengeSlug);
  return boxes.map((box) => {
    // submissionSettings validates the whole config (and names a bad field); the discovery part is
    // read from the same parse with every default filled in.
    const s = submissionSettings(box);
    const parsed = parseDiscoverySettings(box.scoringConfig ?? {});
    const d = parsed.ok ? parsed.settings : null;
    const edges = d?.edges ?? [];
    const widthMin = d?.scan.widthMin ?? 2;
    return {
      slug: box.slug,
      title: box.title,
      mode: box.mode,
      primaryMetric: s.primaryMetric,
      discovery:
        d === null || d.massFeature === null
          ? null
          : {
              massFeature: d.massFeature,
              preselection: d.preselection ? `|Δη| < ${d.preselection.maxDeltaEta}` : "none",
              range: [edges[0]!, edges[edges.length - 1]!],
              bins: edges.length - 1,
              widths: [widthMin, d.scan.widthMax ?? defaultWidthMax(edges, widthMin)],
              cutEfficiencies: [...d.cutEfficiencies],
              npe: d.npe,
              orders: [d.minParams, d.maxParams],
              alphaOrder: d.alphaOrder,
              searchP: d.searchP,
              alphaGof: d.alphaGof,
              maxPull: d.maxPull,
            },
    };
  });
}

/** The baselines every box gets when it opens: the plain bump hunt and the score baselines. */
export function baselineMethods(): { key: string; method: string; summary: string }[] {
  return Object.entries(BASELINES).map(([key, b]) => ({ key, method: b.method, summary: b.summary }));
}

/** The figures of the study, in the order the page shows them. */
const FIGURES = [
  "p-pythia-plain.svg",
  "p-pythia-random.svg",
  "p-pythia-pt1.svg",
  "qq-pythia.svg",
  "p-herwig-plain.svg",
  "p-herwig-random.svg",
  "p-herwig-pt1.svg",
  "qq-herwig.svg",
  "power.svg",
] as const;

/**
 * The committed calibration study (`npm run study:calibration`, docs/calibration.md): its command,
 * verdicts and SVG figures, read from docs/calibration/ under the working directory (`npm start`
 * runs from the repository root); null when the folder is not there (an installation without docs).
 * The figures are our own renderer's SVG (bench/calibration/render.ts): text and shapes only.
 */
export function calibrationStudy(
  dir = path.join(process.cwd(), "docs", "calibration"),
): CalibrationStudy | null {
  // Committed files: read once per process, not on every page view.
  if (!studies.has(dir)) studies.set(dir, readStudy(dir));
  return studies.get(dir) ?? null;
}

type CalibrationStudy = {
  command: string;
  verdicts: CalibrationVerdict[];
  figures: { name: string; svg: string }[];
};
const studies = new Map<string, CalibrationStudy | null>();

function readStudy(dir: string): CalibrationStudy | null {
  try {
    const { command, verdicts } = calibrationVerdicts.parse(
      JSON.parse(fs.readFileSync(path.join(dir, "verdicts.json"), "utf8")),
    );
    const figures = FIGURES.filter((name) => fs.existsSync(path.join(dir, name))).map((name) => ({
      name,
      svg: fs.readFileSync(path.join(dir, name), "utf8"),
    }));
    return { command, verdicts, figures };
  } catch {
    return null;
  }
}
