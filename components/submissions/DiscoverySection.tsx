import type { DiscoveryResult } from "@/scorer/bumphunt/discovery";
import { fmt, fmtGeV, fmtP, fmtSeconds, fmtZ } from "./format";
import { MjjPlot } from "./MjjPlot";
import { SignificancePlot } from "./SignificancePlot";

/** The reference bump hunt of SCORING §2: one row per cut, the mjj plot and Z against ε. */
export function DiscoverySection({ d }: { d: DiscoveryResult }) {
  const best = d.summary ? d.cuts.findIndex((c) => c.efficiency === d.summary?.efficiency) : 0;
  return (
    <section aria-labelledby="discovery">
      <h2 id="discovery">Discovery significance</h2>
      <p>
        {d.summary ? (
          <>
            Best cut ε = {d.summary.efficiency}: global Z{" "}
            <strong>{fmtZ(d.summary.globalSignificance, d.summary.lowerLimit)}</strong>, bump centre (claimed
            mass) <strong>{fmtGeV(d.summary.claimedMass)}</strong>.
          </>
        ) : (
          "No cut could be fitted: no significance to report."
        )}
      </p>
      <div className="table-wrap">
        <table>
          <caption>Bump hunt per cut</caption>
          <thead>
            <tr>
              <th scope="col">ε</th>
              <th scope="col">Selected</th>
              <th scope="col">Fit χ²/ndf</th>
              <th scope="col">Bump [lo, hi]</th>
              <th scope="col">Observed / expected</th>
              <th scope="col">Local p</th>
              <th scope="col">Local Z</th>
              <th scope="col">Global p</th>
              <th scope="col">Global Z</th>
              <th scope="col">Time</th>
            </tr>
          </thead>
          <tbody>
            {d.cuts.map((c) => {
              const b = c.bump;
              const fit = c.refit ?? c.fit;
              return (
                <tr key={c.efficiency}>
                  <th scope="row">{c.efficiency}</th>
                  <td className="num">{c.selected.toLocaleString("en-US")}</td>
                  <td className="num">
                    {fit.status === "converged" ? (
                      fmt(fit.chi2PerNdf, 2)
                    ) : (
                      <span className="error">no fit</span>
                    )}
                  </td>
                  {b && c.status === "ok" ? (
                    <>
                      <td>
                        [{Math.round(b.loEdge)}, {Math.round(b.hiEdge)}] GeV
                      </td>
                      <td className="num">
                        {b.observed.toLocaleString("en-US")} / {fmt(b.expected, 1)}
                      </td>
                      <td className="num">{fmtP(b.local.pvalue)}</td>
                      <td className="num">{fmtZ(b.local.significance)}</td>
                      <td className="num">
                        {b.global.lowerLimit ? `< ${fmtP(1 / b.global.npe)}` : fmtP(b.global.pvalue)}
                      </td>
                      <td className="num">{fmtZ(b.global.significance, b.global.lowerLimit)}</td>
                    </>
                  ) : (
                    <td colSpan={6} className="muted">
                      {c.status === "no fit"
                        ? `no fit${fit.status === "failed" ? `: ${fit.message}` : ""}`
                        : "no bump"}
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
        Global p from {d.cuts[0]?.bump?.global.npe.toLocaleString("en-US") ?? "—"} pseudo-experiments drawn
        from the fitted background (not refitted per toy).
      </p>
      <MjjPlot
        edges={d.edges}
        initial={Math.max(0, best)}
        cuts={d.cuts.map((c) => ({
          efficiency: c.efficiency,
          counts: c.counts,
          background: c.background,
          bump: c.bump && { loEdge: c.bump.loEdge, hiEdge: c.bump.hiEdge },
          status: c.status,
        }))}
      />
      <SignificancePlot
        points={d.cuts.map((c) => ({
          efficiency: c.efficiency,
          local: c.status === "ok" ? (c.bump?.local.significance ?? null) : null,
          global: c.status === "ok" ? (c.bump?.global.significance ?? null) : null,
          lowerLimit: c.bump?.global.lowerLimit ?? false,
        }))}
      />
    </section>
  );
}
