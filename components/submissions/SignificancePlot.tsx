"use client";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type SignificancePoint = {
  efficiency: number;
  local: number | null;
  global: number | null;
};

/**
 * Local and global Z of the bump per cut efficiency ε (log x, tightest cut on the right). A cut whose
 * background model was rejected has no point.
 */
export function SignificancePlot({
  points,
  summary = null,
}: {
  points: SignificancePoint[];
  /** The summary's global Z (look-elsewhere corrected across the cuts), drawn as a line. */
  summary?: number | null;
}) {
  const data = [...points].sort((a, b) => b.efficiency - a.efficiency);
  const zs = data.flatMap((d) => [d.local, d.global]).filter((z): z is number => z !== null);
  if (summary !== null) zs.push(summary);
  // Whole-σ ticks from below 0 (a deficit, or a global p above ½) to at least 3σ.
  const lo = Math.min(0, Math.floor(Math.min(...zs, 0)));
  const hi = Math.max(3, Math.ceil(Math.max(...zs, 0)));
  const step = Math.max(1, Math.ceil((hi - lo) / 8));
  const yTicks = Array.from({ length: Math.floor((hi - lo) / step) + 1 }, (_, i) => lo + i * step);
  return (
    <figure className="chart" data-testid="significance-plot">
      <figcaption>
        <strong>Significance vs cut efficiency</strong>{" "}
        <span className="muted">
          (per cut: the bump's local Z and its global Z among the cut's toys; the dashed line is the summary,
          corrected for the choice among cuts; cuts with a rejected background model have no point)
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
              tickFormatter={(e) => String(Number(e))}
              label={{ value: "cut efficiency ε", position: "insideBottom", offset: -8 }}
            />
            <YAxis
              domain={[lo, hi]}
              ticks={yTicks}
              allowDecimals={false}
              width={48}
              label={{ value: "Z (σ)", angle: -90, position: "insideLeft", style: { textAnchor: "middle" } }}
            />
            <ReferenceLine y={0} stroke="#1b1f24" />
            {summary !== null && (
              <ReferenceLine
                y={summary}
                stroke="#d9534f"
                strokeDasharray="6 3"
                label={{
                  value: `summary Z = ${summary.toFixed(2)}`,
                  position: "insideTopRight",
                  fill: "#d9534f",
                }}
              />
            )}
            <Tooltip labelFormatter={(e) => `ε = ${e}`} formatter={(v) => Number(v).toFixed(2)} />
            <Legend verticalAlign="top" />
            <Line name="local Z" dataKey="local" stroke="#0b5fad" isAnimationActive={false} />
            <Line name="global Z (per cut)" dataKey="global" stroke="#d9534f" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
