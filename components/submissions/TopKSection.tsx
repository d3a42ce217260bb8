import type { TopKMetrics } from "@/scorer/metrics";
import { fmt } from "./format";

/** Precision@K and recall@K of a top-K event-ID list (SCORING §4), present once the truth is public. */
export function TopKSection({ k }: { k?: TopKMetrics }) {
  return (
    <section aria-labelledby="topk">
      <h2 id="topk">Top-K event IDs</h2>
      {!k ? (
        <p className="muted">Top-K lists are scored against the truth at the reveal.</p>
      ) : (
        <>
          <dl className="facts">
            <dt>K</dt>
            <dd>{k.k.toLocaleString("en-US")}</dd>
            <dt>Signal found</dt>
            <dd>
              {k.signalFound.toLocaleString("en-US")} of {k.signalInjected.toLocaleString("en-US")} injected
            </dd>
            <dt>Precision@K</dt>
            <dd>{fmt(k.precision)}</dd>
            <dt>Recall@K</dt>
            <dd>{k.recall.value === null ? `n/a (${k.recall.reason})` : fmt(k.recall.value)}</dd>
          </dl>
          {k.components.length > 1 && (
            <div className="table-wrap">
              <table>
                <caption>Per signal component</caption>
                <thead>
                  <tr>
                    <th scope="col">Component</th>
                    <th scope="col">Found</th>
                    <th scope="col">Injected</th>
                    <th scope="col">Recall</th>
                  </tr>
                </thead>
                <tbody>
                  {k.components.map((c) => (
                    <tr key={c.component}>
                      <th scope="row">{c.component}</th>
                      <td className="num">{c.found}</td>
                      <td className="num">{c.injected}</td>
                      <td className="num">{fmt(c.recall)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
