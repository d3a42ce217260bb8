"use client";
import { useId, useState } from "react";
import {
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type MjjCut = {
  efficiency: number;
  counts: number[];
  background?: number[];
  bump: { loEdge: number; hiEdge: number } | null;
  status: "ok" | "no fit";
};

/**
 * The selected events' mjj histogram of one cut, the fitted (refit) background and the BumpHunter
 * window shaded; log y. Counts are drawn as steps over the bin edges (zero bins leave a gap on log y).
 */
export function MjjPlot({ edges, cuts, initial }: { edges: number[]; cuts: MjjCut[]; initial: number }) {
  const [index, setIndex] = useState(initial);
  const id = useId();
  const cut = cuts[index] ?? cuts[0];
  if (!cut) return null;
  const n = edges.length - 1;
  // stepAfter: one point per lower edge, and the last bin repeated at the upper edge
  const data = edges.map((m, i) => {
    const b = Math.min(i, n - 1);
    const c = cut.counts[b] ?? 0;
    const bg = cut.background?.[b];
    return { m, data: c > 0 ? c : null, background: bg !== undefined && bg > 0 ? bg : null };
  });
  const max = Math.max(1, ...cut.counts, ...(cut.background ?? []));
  return (
    <figure className="chart" data-testid="mjj-plot">
      <figcaption className="row">
        <strong>Dijet mass of the selected events</strong>
        <label className="inline" htmlFor={id}>
          Cut
          <select id={id} value={index} onChange={(e) => setIndex(Number(e.target.value))}>
            {cuts.map((c, i) => (
              <option key={c.efficiency} value={i}>
                ε = {c.efficiency}
                {c.status === "no fit" ? " (no fit)" : ""}
              </option>
            ))}
          </select>
        </label>
      </figcaption>
      <div style={{ width: "100%", height: 320 }}>
        <ResponsiveContainer initialDimension={{ width: 800, height: 320 }}>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis
              dataKey="m"
              type="number"
              domain={[edges[0] ?? 0, edges[n] ?? 1]}
              unit=" GeV"
              tickCount={8}
              allowDecimals={false}
            />
            <YAxis scale="log" domain={[0.5, Math.ceil(max * 2)]} allowDataOverflow />
            <Tooltip
              labelFormatter={(m) => `from ${Math.round(Number(m))} GeV`}
              formatter={(v) => Number(v).toPrecision(4)}
            />
            <Legend />
            {cut.bump && (
              <ReferenceArea
                x1={cut.bump.loEdge}
                x2={cut.bump.hiEdge}
                fill="#f0ad4e"
                fillOpacity={0.25}
                label={{ value: "bump", position: "insideTop" }}
              />
            )}
            <Line
              name="selected events"
              dataKey="data"
              type="stepAfter"
              stroke="#1b1f24"
              dot={false}
              isAnimationActive={false}
            />
            {cut.background && (
              <Line
                name="fitted background"
                dataKey="background"
                type="stepAfter"
                stroke="#d9534f"
                strokeDasharray="5 3"
                dot={false}
                isAnimationActive={false}
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      {cut.status === "no fit" && (
        <p className="muted">The background fit failed for this cut: no background and no bump.</p>
      )}
    </figure>
  );
}
