import type { GeneratedBoxSpec } from "@/lib/db/json";
import { fmtGeV } from "./format";

type Signal = NonNullable<GeneratedBoxSpec["generator"]["signals"]>[number];

/** The injected parameters of a revealed box (its generator spec's signals). */
export function InjectedSignals({ signals, background }: { signals: Signal[]; background?: number }) {
  if (signals.length === 0)
    return (
      <p>
        <strong>No signal was injected in this box</strong>: every claimed discovery here is a false one.
      </p>
    );
  return (
    <div className="table-wrap">
      <table>
        <caption>Injected signals</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Model</th>
            <th scope="col">Mass</th>
            <th scope="col">Daughters</th>
            <th scope="col">Events injected</th>
          </tr>
        </thead>
        <tbody>
          {signals.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: component k is label k = position + 1
            <tr key={i}>
              <th scope="row">{i + 1}</th>
              <td>
                {s.model}
                {s.model === "resonance-dijet" && s.mode ? ` (${s.mode})` : ""}
                {s.model === "resonance-xy" && s.prongs ? `, ${s.prongs}-prong` : ""}
              </td>
              <td className="num">{fmtGeV(s.mass)}</td>
              <td>
                {s.model === "resonance-xy"
                  ? `X ${fmtGeV(s.mX)}, Y ${fmtGeV(s.mY)}`
                  : s.mR !== undefined
                    ? `R ${fmtGeV(s.mR)}`
                    : "—"}
              </td>
              <td className="num">{s.n.toLocaleString("en-US")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {background !== undefined && (
        <p className="muted small">Background: {background.toLocaleString("en-US")} QCD events.</p>
      )}
    </div>
  );
}
