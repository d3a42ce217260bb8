import type { TruthMetrics } from "@/scorer/metrics";
import { CurveViews } from "./CurvePlots";
import { fmt } from "./format";

const FPRS = ["1e-2", "1e-3", "1e-4", "1e-5"] as const;

/** Truth metrics of SCORING §1 (present only where the truth is public to this viewer). */
export function TruthSection({ t }: { t: TruthMetrics | { notApplicable: string } }) {
  if ("notApplicable" in t)
    return (
      <section aria-labelledby="truth">
        <h2 id="truth">Truth metrics</h2>
        <p className="muted">Not applicable: {t.notApplicable}.</p>
      </section>
    );
  return (
    <section aria-labelledby="truth">
      <h2 id="truth">Truth metrics</h2>
      <p>
        AUC <strong>{fmt(t.auc, 4)}</strong> · Max SIC <strong>{fmt(t.sicMax.value, 2)}</strong>
        {t.sicMax.fpr !== undefined && (
          <span className="muted">
            {" "}
            (at FPR {t.sicMax.fpr.toExponential(1)}, TPR {fmt(t.sicMax.tpr)})
          </span>
        )}{" "}
        · {t.nSignal.toLocaleString("en-US")} signal and {t.nBackground.toLocaleString("en-US")} background
        events
      </p>
      <div className="table-wrap">
        <table>
          <caption>Signal efficiency at fixed background efficiency</caption>
          <thead>
            <tr>
              <th scope="col">Component</th>
              <th scope="col">AUC</th>
              {FPRS.map((x) => (
                <th key={x} scope="col">
                  TPR at FPR {x}
                </th>
              ))}
              <th scope="col">Max SIC</th>
            </tr>
          </thead>
          <tbody>
            {[{ ...t, component: 0 }, ...t.components].map((c) => (
              <tr key={c.component}>
                <th scope="row">{c.component === 0 ? "all signal" : `component ${c.component}`}</th>
                <td className="num">{fmt(c.auc, 4)}</td>
                {FPRS.map((x) => (
                  <td key={x} className="num" title={c.tprAtFpr[x].reason}>
                    {c.tprAtFpr[x].value === null ? "n/a" : fmt(c.tprAtFpr[x].value)}
                  </td>
                ))}
                <td className="num" title={c.sicMax.reason}>
                  {fmt(c.sicMax.value, 2)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CurveViews curves={t.curves} />
    </section>
  );
}
