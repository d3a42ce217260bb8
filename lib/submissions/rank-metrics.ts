import type { Metrics, RankMetrics } from "@/lib/db/json-metrics";

/**
 * The part of an evaluation's `metrics` a leaderboard reads (`rowValues` in ./leaderboard): the same
 * top-level keys and paths, every curve, histogram and per-cut fit left out, so ~20 kB become ~300
 * bytes. Stored in `evaluations.rank_metrics` when an evaluation lands; the leaderboard reads only
 * that column and passes it through `evaluationView` like the full metrics, so the sealing decision
 * (which top-level keys a viewer may see) is the same one. Invariant, checked by the tests:
 * `rowValues(rankMetrics(m))` deep-equals `rowValues(m)`, also after the sealing filter. Metrics
 * written by older scorers may lack parts (the lazy backfill reads them): a missing number is null.
 *
 * @example rankMetrics({ discovery: { summary: null, cuts: [] } }) // → { discovery: { summary: null } }
 */
export function rankMetrics(metrics: Metrics): RankMetrics {
  const out: RankMetrics = {};
  const { discovery: d, truth: t, claim: c, topK: k } = metrics;
  if (d) {
    const s = d.summary;
    out.discovery = {
      summary: s
        ? {
            globalSignificance: s.globalSignificance ?? null,
            extrapolated: s.extrapolated ?? null,
            claimedMass: s.claimedMass ?? null,
          }
        : null,
    };
  }
  if (t) {
    out.truth =
      "auc" in t && t.auc !== undefined
        ? {
            auc: t.auc,
            sicMax: { value: t.sicMax?.value ?? null },
            tprAtFpr: {
              "1e-3": { value: t.tprAtFpr?.["1e-3"]?.value ?? null },
              "1e-5": { value: t.tprAtFpr?.["1e-5"]?.value ?? null },
            },
          }
        : {};
  }
  if (c) {
    out.claim = {
      detectionCorrect: c.detectionCorrect ?? null,
      logScore: c.logScore ?? null,
      pulls: { mass: c.pulls?.mass ?? null, nSignal: c.pulls?.nSignal ?? null },
    };
  }
  if (k) out.topK = { precision: k.precision ?? null, recall: { value: k.recall?.value ?? null } };
  return out;
}
