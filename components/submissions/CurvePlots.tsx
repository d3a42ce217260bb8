"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

type XY = { x: number; y: number; random?: number };

function LogXPlot({
  testId,
  title,
  data,
  yLabel,
  yName,
  random,
}: {
  testId: string;
  title: string;
  data: XY[];
  yLabel: string;
  yName: string;
  random?: boolean;
}) {
  // one tick per decade of FPR: the default ticks crowd on a narrow log axis
  const lo = Math.min(1, ...data.map((d) => d.x));
  const ticks = Array.from(
    { length: Math.max(1, -Math.floor(Math.log10(lo)) + 1) },
    (_, i) => 10 ** -i,
  ).reverse();
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div style={{ width: "100%", height: 280 }}>
        <ResponsiveContainer initialDimension={{ width: 500, height: 280 }}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="x"
              type="number"
              scale="log"
              domain={[ticks[0] ?? "auto", 1]}
              ticks={ticks}
              allowDataOverflow
              tickFormatter={(v) => Number(v).toExponential(0)}
              label={{
                value: "false positive rate (background efficiency)",
                position: "insideBottom",
                offset: -8,
              }}
            />
            <YAxis label={{ value: yLabel, angle: -90, position: "insideLeft" }} />
            <Tooltip
              labelFormatter={(x) => `FPR = ${Number(x).toExponential(2)}`}
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

// log x: points at FPR = 0 cannot be drawn
const positive = (fpr: number[], y: number[]) =>
  fpr.flatMap((x, i) => (x > 0 && Number.isFinite(y[i] ?? Number.NaN) ? [{ x, y: y[i] as number }] : []));

export function RocPlot({ fpr, tpr }: { fpr: number[]; tpr: number[] }) {
  const data = positive(fpr, tpr).map((p) => ({ ...p, random: p.x }));
  return <LogXPlot testId="roc-plot" title="ROC curve" data={data} yLabel="TPR" yName="TPR" random />;
}

export function SicPlot({ fpr, sic }: { fpr: number[]; sic: number[] }) {
  return (
    <LogXPlot
      testId="sic-plot"
      title="Significance improvement (SIC = TPR/√FPR)"
      data={positive(fpr, sic)}
      yLabel="SIC"
      yName="SIC"
    />
  );
}
