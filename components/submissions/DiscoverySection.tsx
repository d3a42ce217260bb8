import type { CutResult, DiscoveryResult } from "@/scorer/bumphunt/discovery";
import { DiscoveryMethod } from "./DiscoveryMethod";
import { fmt, fmtGeV, fmtP, fmtSeconds, fmtZ } from "./format";
import { type MjjCut, MjjPlot } from "./MjjPlot";
import { SignificancePlot } from "./SignificancePlot";

const EXTRAPOLATED_TITLE =
  "Fewer than 10 pseudo-experiments reached the observed value: p from the exponential tail of the toys' t";

/** A small mark after a number whose p-value was extrapolated (SCORING §2 v2, "Beyond the toys"). */
export function Extrapolated({ on }: { on: boolean }) {
  if (!on) return null;
  return (
    <>
      {" "}
      <span className="badge extrapolated" title={EXTRAPOLATED_TITLE}>
        extrapolated
      </span>
    </>
  );
}

/** The cut as the mjj plot draws it: the fit, its excluded window, the bump (none when rejected). */
export const mjjCutOf = (c: CutResult): MjjCut => ({
  efficiency: c.efficiency,
  edges: c.edges,
  counts: c.counts,
  background: c.background,
  pulls: c.pulls,
  bump: c.status === "ok" && c.bump ? { loEdge: c.bump.loEdge, hiEdge: c.bump.hiEdge } : null,
  excluded: c.model?.excluded ? { loEdge: c.model.excluded.loEdge, hiEdge: c.model.excluded.hiEdge } : null,
  status: c.status,
  reason: c.rejection?.message,
});

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.)]$/.test(s) ? "" : "."}`;

const edgesText = (w: { loEdge: number; hiEdge: number } | null | undefined) =>
  w ? `[${Math.round(w.loEdge)}, ${Math.round(w.hiEdge)}] GeV` : "—";

/**
 * The reference bump hunt of SCORING §2 version 2: the summary (or why there is none), one row per
 * cut with its background model and gate, the mjj plot with fit and pulls, and Z against ε. A cut
 * whose background model was rejected shows the reason and never a Z or a bump mass.
 */
export function DiscoverySection({ d }: { d: DiscoveryResult }) {
  if (d.method !== 2) {
    return (
      <section aria-labelledby="discovery">
        <h2 id="discovery">Discovery significance</h2>
        <p className="muted">
          Computed with version 1 of the method, which is no longer shown; an organizer's rescore computes it
          with version 2.
        </p>
      </section>
    );
  }
  const s = d.summary;
  const best = s ? d.cuts.findIndex((c) => c.efficiency === s.efficiency) : 0;
  return (
    <section aria-labelledby="discovery">
      <h2 id="discovery">Discovery significance</h2>
      {s ? (
        <p data-testid="discovery-summary">
          Global Z <strong>{fmtZ(s.globalSignificance)}</strong>
          <Extrapolated on={s.extrapolated} /> (p = {fmtP(s.pvalue)}, look-elsewhere-corrected over the{" "}
          {s.cuts.length === 1 ? "one cut" : `${s.cuts.length} cuts`} that passed the gate), best cut ε ={" "}
          {s.efficiency}, bump centre (claimed mass) <strong>{fmtGeV(s.claimedMass)}</strong>.
        </p>
      ) : (
        <p data-testid="discovery-summary" className="error">
          <strong>
            {sentence(d.summaryReason ?? "background model rejected in every cut: no discovery significance")}
          </strong>
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption>Bump hunt per cut</caption>
          <thead>
            <tr>
              <th scope="col">ε</th>
              <th scope="col">Selected</th>
              <th scope="col" title="Parameters of the dijet function chosen by the nested-model tests">
                Order
              </th>
              <th scope="col" title="Deviance goodness-of-fit p among the refitted pseudo-experiments">
                gof p
              </th>
              <th scope="col" title="Largest |pull| outside the excluded window">
                Max |pull|
              </th>
              <th scope="col">Excluded from fit</th>
              <th scope="col">Bump [lo, hi]</th>
              <th scope="col">Observed / expected</th>
              <th scope="col">Local Z</th>
              <th scope="col">Global p</th>
              <th scope="col">Global Z</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {d.cuts.map((c) => {
              const b = c.bump;
              const m = c.model;
              return (
                <tr key={c.efficiency} data-status={c.status}>
                  <th scope="row">{c.efficiency}</th>
                  <td className="num">{c.selected.toLocaleString("en-US")}</td>
                  <td className="num">{m ? m.nParams : "—"}</td>
                  <td className="num">{fmtP(m?.gofPvalue)}</td>
                  <td className="num">{fmt(m?.maxAbsPull, 2)}</td>
                  <td className="num">{edgesText(m?.excluded)}</td>
                  {c.status === "ok" && b ? (
                    <>
                      <td className="num">{edgesText(b)}</td>
                      <td className="num">
                        {b.observed.toLocaleString("en-US")} / {fmt(b.expected, 1)}
                      </td>
                      <td className="num" title={`local p = ${fmtP(b.local.pvalue)}`}>
                        {fmtZ(b.local.significance)}
                      </td>
                      <td className="num">
                        {fmtP(b.global.pvalue)}
                        <Extrapolated on={b.global.extrapolated} />
                      </td>
                      <td className="num">
                        {fmtZ(b.global.significance)}
                        <Extrapolated on={b.global.extrapolated} />
                      </td>
                    </>
                  ) : c.status === "rejected" ? (
                    <td colSpan={5}>
                      <span className="badge rejected">background model rejected</span>{" "}
                      <span className="small">{c.rejection?.message}</span>
                    </td>
                  ) : (
                    <td colSpan={5} className="muted">
                      no bump
                    </td>
                  )}
                  <td className="num">{fmtSeconds(c.seconds)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Global p from {d.npe.toLocaleString("en-US")} pseudo-experiments, each refitted, searched and gated
        like the data (
        {d.toyOrder === "chosen per toy"
          ? "each choosing its own function order; p among the toys that passed the gate"
          : "function order: the data's choice per cut"}
        ), on {d.device.device}
        {d.device.adapter ? ` (${d.device.adapter})` : ""}
        {d.failedToyFits > 0
          ? `; ${d.failedToyFits.toLocaleString("en-US")} toy fits failed (${d.toyOrder === "chosen per toy" ? "rejected by the gate" : "counted as reaching any t"})`
          : ""}
        ; {d.preselected.toLocaleString("en-US")} events passed the preselection.
      </p>
      <DiscoveryMethod />
      <MjjPlot edges={d.edges} initial={Math.max(0, best)} cuts={d.cuts.map(mjjCutOf)} />
      <SignificancePlot
        summary={d.summary?.globalSignificance ?? null}
        points={d.cuts.map((c) => ({
          efficiency: c.efficiency,
          local: c.status === "ok" ? (c.bump?.local.significance ?? null) : null,
          global: c.status === "ok" ? (c.bump?.global.significance ?? null) : null,
        }))}
      />
    </section>
  );
}
