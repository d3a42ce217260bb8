import type { Actor } from "@/lib/auth/actor";
import type { BlackBoxView } from "@/lib/blackboxes/lifecycle";
import type { Db } from "@/lib/db/client";
import { claimedMasses } from "@/lib/submissions/claimed-masses";
import type { BoxRef } from "@/lib/submissions/box-ref";
import { InjectedSignals } from "./InjectedSignals";
import { MassVsTruthChart } from "./MassVsTruthChart";

/**
 * The truth of a box whose view carries it (revealed; practice boxes from opening; organizers): the
 * injected parameters, and after the reveal each team's claimed mass against the true masses.
 */
export async function RevealPanel({
  db,
  actor,
  view,
  boxRef,
}: {
  db: Db;
  actor: Actor | null;
  view: BlackBoxView;
  boxRef: BoxRef;
}) {
  const spec = view.truth?.spec;
  if (!spec || !("generator" in spec)) return null;
  const gen = spec.generator;
  const signals = gen.signals ?? [];
  const revealed = view.status === "revealed";
  const points = revealed ? await claimedMasses(db, actor, boxRef) : [];
  return (
    <section className="card" aria-labelledby="injected">
      <h2 id="injected">{revealed ? "The truth" : "Injected signals"}</h2>
      {!revealed && (
        <p className="muted">
          {view.mode === "practice"
            ? "A practice box: its truth is public while it is open."
            : "Shown to you as an organizer; the public sees it at the reveal."}
        </p>
      )}
      <InjectedSignals signals={signals} background={gen.background?.n} />
      {revealed && (
        <MassVsTruthChart
          points={points}
          truths={signals.flatMap((s) => (typeof s.mass === "number" ? [s.mass] : []))}
        />
      )}
    </section>
  );
}
