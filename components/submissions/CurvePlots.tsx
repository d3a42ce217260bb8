"use client";
import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type XY = { x: number; y: number; random?: number };

/** One tick per decade from the smallest positive value up to `top` (default ticks crowd a log axis). */
function decades(values: number[], top: number): number[] {
  const lo = Math.min(top, ...values.filter((v) => v > 0));
  const from = Math.floor(Math.log10(lo));
  const to = Math.ceil(Math.log10(top));
  return Array.from({ length: Math.max(1, to - from + 1) }, (_, i) => 10 ** (from + i));
}

/** Ticks at 1, 2, 2.5 or 5 × 10^k from 0 past `max`, at most 6 intervals. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return Array.from({ length: Math.ceil(max / step - 1e-9) + 1 }, (_, i) =>
    Number((i * step).toPrecision(12)),
  );
}

const tenTo = (v: number) => {
  const e = Math.round(Math.log10(v));
  return e === 0 ? "1" : e === 1 ? "10" : `1e${e}`;
};

/**
 * A curve with at most one logarithmic axis (x or y), labelled axes that are not clipped (room reserved for
 * the y label), a tick per decade on the log axis and plain ticks on the linear one.
 */
function Curve({
  testId,
  title,
  data,
  xLabel,
  yLabel,
  yName,
  log,
  random,
}: {
  testId: string;
  title: string;
  data: XY[];
  xLabel: string;
  yLabel: string;
  yName: string;
  log: "x" | "y" | "none";
  random?: boolean;
}) {
  const logTicks = decades(
    data.map((d) => (log === "x" ? d.x : d.y)),
    log === "x" ? 1 : Math.max(10, ...data.map((d) => d.y)),
  );
  const logAxis = {
    type: "number" as const,
    scale: "log" as const,
    domain: [logTicks[0]!, logTicks[logTicks.length - 1]!],
    ticks: logTicks,
    allowDataOverflow: true,
    tickFormatter: tenTo,
  };
  const yTicks = niceTicks(Math.max(...data.map((d) => d.y)));
  const linear = {
    type: "number" as const,
    tickFormatter: (v: number) => String(Number(v.toPrecision(3))),
  };
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div style={{ width: "100%", height: 300 }}>
        <ResponsiveContainer initialDimension={{ width: 500, height: 300 }}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="x"
              {...(log === "x"
                ? logAxis
                : { ...linear, domain: [0, 1] as [number, number], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1] })}
              label={{ value: xLabel, position: "insideBottom", offset: -14 }}
            />
            <YAxis
              width={64}
              {...(log === "y"
                ? logAxis
                : { ...linear, domain: [0, yTicks[yTicks.length - 1]!], ticks: yTicks })}
              label={{
                value: yLabel,
                angle: -90,
                position: "insideLeft",
                offset: 0,
                style: { textAnchor: "middle" },
              }}
            />
            <Tooltip
              labelFormatter={(x) => `${xLabel.split(" (")[0]} = ${Number(x).toPrecision(3)}`}
              formatter={(v) => Number(v).toPrecision(3)}
            />
            <Legend verticalAlign="top" />
            <Line name={yName} dataKey="y" stroke="#0b5fad" dot={false} isAnimationActive={false} />
            {random && (
              <Line
                name="random"
                dataKey="random"
                stroke="#9aa5b1"
                strokeDasharray="4 4"
                dot={false}
                isAnimationActive={false}
              />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

// A log axis cannot draw FPR = 0 (infinite rejection): those points are left out.
const points = (x: number[], y: number[]) =>
  x.flatMap((xi, i) => {
    const yi = y[i] ?? Number.NaN;
    return xi > 0 && Number.isFinite(xi) && Number.isFinite(yi) ? [{ x: xi, y: yi }] : [];
  });

export type Curves = { roc: { fpr: number[]; tpr: number[] }; sic: { fpr: number[]; sic: number[] } };

/**
 * The truth curves in two views: as LHC Olympics papers draw them — background rejection 1/ε_B
 * against signal efficiency ε_S (log y) and SIC = ε_S/√ε_B against ε_S — or against the false
 * positive rate ε_B on a log axis (where a tagger's low-FPR end is read).
 */
export function CurveViews({ curves }: { curves: Curves }) {
  const [view, setView] = useState<"lhco" | "fpr">("lhco");
  const { roc, sic } = curves;
  return (
    <div>
      <fieldset className="row" style={{ border: "none", padding: 0, margin: "0.5rem 0" }}>
        <legend className="muted">Curves</legend>
        <label className="check">
          <input type="radio" name="curve-view" checked={view === "lhco"} onChange={() => setView("lhco")} />
          against signal efficiency (LHC Olympics)
        </label>
        <label className="check">
          <input type="radio" name="curve-view" checked={view === "fpr"} onChange={() => setView("fpr")} />
          against false positive rate
        </label>
      </fieldset>
      <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(420px, 1fr))" }}>
        {view === "lhco" ? (
          <>
            <Curve
              testId="roc-plot"
              title="Background rejection vs signal efficiency"
              data={points(roc.fpr, roc.tpr).map((p) => ({
                x: p.y,
                y: 1 / p.x,
                random: p.y > 0 ? 1 / p.y : undefined,
              }))}
              xLabel="signal efficiency ε_S (TPR)"
              yLabel="background rejection 1/ε_B"
              yName="1/ε_B"
              log="y"
              random
            />
            <Curve
              testId="sic-plot"
              title="Significance improvement vs signal efficiency"
              // ε_S = SIC · √ε_B at each point of the SIC curve
              data={points(sic.fpr, sic.sic).map((p) => ({ x: p.y * Math.sqrt(p.x), y: p.y }))}
              xLabel="signal efficiency ε_S (TPR)"
              yLabel="SIC = ε_S/√ε_B"
              yName="SIC"
              log="none"
            />
          </>
        ) : (
          <>
            <Curve
              testId="roc-plot"
              title="ROC curve"
              data={points(roc.fpr, roc.tpr).map((p) => ({ ...p, random: p.x }))}
              xLabel="false positive rate ε_B"
              yLabel="true positive rate ε_S"
              yName="TPR"
              log="x"
              random
            />
            <Curve
              testId="sic-plot"
              title="Significance improvement (SIC = TPR/√FPR)"
              data={points(sic.fpr, sic.sic)}
              xLabel="false positive rate ε_B"
              yLabel="SIC"
              yName="SIC"
              log="x"
            />
          </>
        )}
      </div>
    </div>
  );
}
