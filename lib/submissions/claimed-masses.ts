import type { Actor } from "@/lib/auth/actor";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import type { BoxRef } from "./box-ref";
import { boxLeaderboard, getSubmission } from "./queries";

/** One team's mass estimate for the "claimed mass vs truth" plot of a revealed box. */
export type ClaimedMass = {
  label: string;
  kind: "claim" | "scores";
  baseline: boolean;
  submissionId: string;
  mass: number;
  /** The claim's σ; for scores, half the width of the best cut's bump window. */
  uncertainty: number | null;
};

const MAX_ROWS = 40;

/**
 * After the reveal: each leaderboard row's mass estimate — the best claim's mass ± massUncertainty
 * (claims are public once the box is revealed) and the score submissions' bump centre (the discovery
 * summary's claimed mass). Reads through boxLeaderboard and getSubmission, so the viewer's
 * permissions apply; returns [] before the reveal.
 */
export async function claimedMasses(db: Db, actor: Actor | null, ref: BoxRef): Promise<ClaimedMass[]> {
  const [claims, scores] = await Promise.all([
    boxLeaderboard(db, actor, ref, "claim"),
    boxLeaderboard(db, actor, ref, "scores"),
  ]);
  if (claims.box.status !== "revealed") return [];
  const view = async (id: string) =>
    getSubmission(db, actor, id).then(
      (r) => r.submission,
      (e) => {
        if (isAppError(e)) return null;
        throw e;
      },
    );
  const name = (r: (typeof claims.rows)[number]) => r.team?.name ?? `baseline: ${r.baseline}`;
  const fromClaims = claims.rows.slice(0, MAX_ROWS).map(async (r): Promise<ClaimedMass | null> => {
    const c = (await view(r.submissionId))?.claim;
    if (!c?.signalPresent || typeof c.mass !== "number") return null;
    return {
      label: `${name(r)} (claim)`,
      kind: "claim",
      baseline: r.baseline !== null,
      submissionId: r.submissionId,
      mass: c.mass,
      uncertainty: typeof c.massUncertainty === "number" ? c.massUncertainty : null,
    };
  });
  const fromScores = scores.rows.slice(0, MAX_ROWS).map(async (r): Promise<ClaimedMass | null> => {
    const mass = r.values.claimedMass;
    if (typeof mass !== "number") return null;
    const d = (await view(r.submissionId))?.evaluation?.metrics.discovery;
    const bump = d?.cuts.find((c) => c.efficiency === d.summary?.efficiency)?.bump;
    return {
      label: `${name(r)} (scores)`,
      kind: "scores",
      baseline: r.baseline !== null,
      submissionId: r.submissionId,
      mass,
      uncertainty: bump ? (bump.hiEdge - bump.loEdge) / 2 : null,
    };
  });
  const all = await Promise.all([...fromClaims, ...fromScores]);
  return all.filter((p): p is ClaimedMass => p !== null);
}
