import { Fragment } from "react";
import type { Claim, ClaimScore } from "@/scorer/metrics";
import { fmt, fmtGeV, fmtP } from "./format";

const pm = (x: number | undefined, s: number | undefined, unit = "") =>
  x === undefined ? "—" : `${fmt(x, 0)}${s !== undefined ? ` ± ${fmt(s, 0)}` : ""}${unit}`;

/** A resonance claim (SCORING §3) and, after the reveal (live on practice boxes), its score. */
export function ClaimSection({ claim, score }: { claim: Claim | null; score?: ClaimScore }) {
  return (
    <section aria-labelledby="claim">
      <h2 id="claim">Resonance claim</h2>
      {!claim ? (
        <p className="muted">The claimed values are the team's until the box is revealed.</p>
      ) : (
        <dl className="facts">
          <dt>Signal present</dt>
          <dd>{claim.signalPresent ? "yes" : "no"}</dd>
          {claim.signalPresent && (
            <>
              <dt>Mass</dt>
              <dd>{pm(claim.mass, claim.massUncertainty, " GeV")}</dd>
              {claim.width !== undefined && (
                <>
                  <dt>Width</dt>
                  <dd>{fmtGeV(claim.width)}</dd>
                </>
              )}
              {claim.nSignal !== undefined && (
                <>
                  <dt>Signal events</dt>
                  <dd>{pm(claim.nSignal, claim.nSignalUncertainty)}</dd>
                </>
              )}
              {claim.daughterMasses?.map((dm, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: daughters are positional
                <Fragment key={i}>
                  <dt>Daughter {i + 1} mass</dt>
                  <dd>{pm(dm.mass, dm.uncertainty, " GeV")}</dd>
                </Fragment>
              ))}
            </>
          )}
          {claim.pValue !== undefined && (
            <>
              <dt>p-value (background only)</dt>
              <dd>{fmtP(claim.pValue)}</dd>
            </>
          )}
        </dl>
      )}
      {score ? (
        <>
          <h3>Scored against the truth</h3>
          <dl className="facts">
            <dt>Detection</dt>
            <dd className={score.detectionCorrect ? "success" : "error"}>
              {score.detectionCorrect ? "correct" : "wrong"}
            </dd>
            <dt>Log score</dt>
            <dd>{fmt(score.logScore, 3)} (lower is better)</dd>
            <dt>Mass pull</dt>
            <dd>
              {fmt(score.pulls.mass, 2)}
              {score.matchedComponent !== null && (
                <span className="muted"> (matched component {score.matchedComponent})</span>
              )}
            </dd>
            <dt>Signal events pull</dt>
            <dd>{fmt(score.pulls.nSignal, 2)}</dd>
            {score.pulls.daughterMasses && (
              <>
                <dt>Daughter mass pulls</dt>
                <dd>{score.pulls.daughterMasses.map((p) => fmt(p, 2)).join(", ")}</dd>
              </>
            )}
          </dl>
        </>
      ) : (
        <p className="muted">Claims are scored against the truth at the reveal.</p>
      )}
    </section>
  );
}
