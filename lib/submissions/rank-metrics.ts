type Obj = Record<string, unknown> | undefined;
const field = (o: unknown, k: string): unknown =>
  o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined;

/**
 * The part of an evaluation's `metrics` a leaderboard reads (`rowValues` in ./leaderboard): the same
 * top-level keys and paths, every curve, histogram and per-cut fit left out, so ~20 kB become ~300
 * bytes. Stored in `evaluations.rank_metrics` when an evaluation lands; the leaderboard reads only
 * that column and passes it through `evaluationView` like the full metrics, so the sealing decision
 * (which top-level keys a viewer may see) is the same one. Invariant, checked by the tests:
 * `rowValues(rankMetrics(m))` deep-equals `rowValues(m)`, also after the sealing filter.
 *
 * @example rankMetrics({ discovery: { summary: null, cuts: [] } }) // → { discovery: { summary: null } }
 */
export function rankMetrics(metrics: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const d = metrics.discovery as Obj;
  if (d) {
    const s = field(d, "summary");
    out.discovery = {
      summary: s
        ? {
            globalSignificance: field(s, "globalSignificance") ?? null,
            extrapolated: field(s, "extrapolated") ?? null,
            claimedMass: field(s, "claimedMass") ?? null,
          }
        : null,
    };
  }
  const t = metrics.truth as Obj;
  if (t) {
    const tpr = field(t, "tprAtFpr");
    out.truth =
      t.auc === undefined
        ? {}
        : {
            auc: t.auc,
            sicMax: { value: field(t.sicMax, "value") ?? null },
            tprAtFpr: {
              "1e-3": { value: field(field(tpr, "1e-3"), "value") ?? null },
              "1e-5": { value: field(field(tpr, "1e-5"), "value") ?? null },
            },
          };
  }
  const c = metrics.claim as Obj;
  if (c) {
    const pulls = field(c, "pulls");
    out.claim = {
      detectionCorrect: c.detectionCorrect ?? null,
      logScore: c.logScore ?? null,
      pulls: { mass: field(pulls, "mass") ?? null, nSignal: field(pulls, "nSignal") ?? null },
    };
  }
  const k = metrics.topK as Obj;
  if (k) out.topK = { precision: k.precision ?? null, recall: { value: field(k.recall, "value") ?? null } };
  return out;
}
