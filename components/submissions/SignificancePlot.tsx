"use client";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type SignificancePoint = {
  efficiency: number;
  local: number | null;
  global: number | null;
};

/**
 * Local and global Z of the bump per cut efficiency ε (log x, tightest cut on the right). A cut whose
 * background model was rejected has no point.
 */
export function SignificancePlot({ points }: { points: SignificancePoint[] }) {
  const data = [...points].sort((a, b) => b.efficiency - a.efficiency);
  return (
    <figure className="chart" data-testid="significance-plot">
      <figcaption>
        <strong>Significance vs cut efficiency</strong>{" "}
        <span className="muted">
          (cuts with a rejected background model have no point; the table marks a global Z from the
          extrapolated tail)
        </span>
      </figcaption>
      <div style={{ width: "100%", height: 260 }}>
        <ResponsiveContainer initialDimension={{ width: 800, height: 260 }}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="efficiency"
              type="number"
              scale="log"
              domain={["auto", "auto"]}
              reversed
              ticks={data.map((d) => d.efficiency)}
              label={{ value: "cut efficiency ε", position: "insideBottom", offset: -8 }}
            />
            <YAxis label={{ value: "Z", angle: -90, position: "insideLeft" }} />
            <Tooltip labelFormatter={(e) => `ε = ${e}`} formatter={(v) => Number(v).toFixed(2)} />
            <Legend verticalAlign="top" />
            <Line name="local Z" dataKey="local" stroke="#0b5fad" isAnimationActive={false} />
            <Line name="global Z" dataKey="global" stroke="#d9534f" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
