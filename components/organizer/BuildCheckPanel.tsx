import { DiscoveryMethod } from "@/components/submissions/DiscoveryMethod";
import { fmt, fmtP, fmtSeconds, fmtZ } from "@/components/submissions/format";
import { MjjPlot } from "@/components/submissions/MjjPlot";
import type { BuildCheck } from "@/lib/submissions/build-check";

/**
 * The box build check (SCORING §2) for its organizers: the plain bump hunt (ε = 1, no score) run
 * when the box was built. A rejected background model here means every submission's ε = 1 cut — the
 * same spectrum — is rejected too, so the organizer sees the reason, the fit and the pulls before
 * opening the box. `null`: no check (no mass feature, or built before the check existed).
 */
export function BuildCheckPanel({ check, open }: { check: BuildCheck | null; open?: boolean }) {
  if (!check) {
    return (
      <p className="muted small" data-testid="build-check">
        No build check: this box has no resonance-mass feature, or was built before the check existed (build
        it again to run it).
      </p>
    );
  }
  const ok = check.status === "ok";
  return (
    <details className="card" data-testid="build-check" open={open ?? !ok}>
      <summary>
        <strong>Build check</strong> (plain bump hunt, ε = 1):{" "}
        {ok ? (
          <span className="badge sub-scored">background model ok</span>
        ) : (
          <span className="badge rejected">background model rejected</span>
        )}
      </summary>
      {!ok && (
        <p className="error" role="note">
          {check.reason ?? "The background model was rejected."} Every submission's ε = 1 cut holds this same
          spectrum and will be rejected too; change the scoring config (fit range, bins, preselection) and
          build again before opening the box.
        </p>
      )}
      <dl className="facts">
        <dt>Function order</dt>
        <dd>{check.nParams === null ? "no fit converged" : `${check.nParams} parameters`}</dd>
        <dt>Deviance / ndf</dt>
        <dd>
          {fmt(check.deviance, 1)} / {check.ndf ?? "—"}
        </dd>
        <dt>gof p (from {check.npe.toLocaleString("en-US")} refitted toys)</dt>
        <dd>{fmtP(check.gofPvalue)}</dd>
        <dt>Max |pull| outside the excluded window</dt>
        <dd>{fmt(check.maxAbsPull, 2)}</dd>
        <dt>Plain bump hunt</dt>
        <dd>
          {ok && check.bump
            ? `bump [${Math.round(check.bump.loEdge)}, ${Math.round(check.bump.hiEdge)}] GeV, global Z ${fmtZ(check.globalSignificance)}`
            : "—"}
        </dd>
        <dt>Events</dt>
        <dd>
          {check.preselected.toLocaleString("en-US")} preselected,{" "}
          {check.counts.reduce((a, b) => a + b, 0).toLocaleString("en-US")} in the fit range · ran in{" "}
          {fmtSeconds(check.seconds)}
        </dd>
      </dl>
      <MjjPlot
        title="Dijet mass of all preselected events"
        edges={check.edges}
        cuts={[
          {
            efficiency: 1,
            counts: check.counts,
            background: check.background ?? undefined,
            pulls: check.pulls ?? undefined,
            bump: ok ? check.bump : null,
            excluded: null,
            status: check.status,
            reason: check.reason,
          },
        ]}
      />
      <DiscoveryMethod />
    </details>
  );
}
