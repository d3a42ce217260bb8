"use client";
import { useId, useState } from "react";
import {
  Area,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type MjjCut = {
  efficiency: number;
  /** The cut's own bin edges (the sparse upper tail merged); absent: the plot's `edges`. */
  edges?: number[];
  counts: number[];
  /** The final background fit per bin (absent when no fit converged). */
  background?: number[];
  /** Each bin's deviation from the fit in σ (Poisson tail; (n − μ)/√μ for large μ). */
  pulls?: number[];
  bump: { loEdge: number; hiEdge: number } | null;
  /** The window the final fit left out (search phase). */
  excluded: { loEdge: number; hiEdge: number } | null;
  status: "ok" | "rejected";
  /** Why the background model was rejected. */
  reason?: string;
};

const Y_WIDTH = 56;
const MARGIN = { top: 8, right: 16, bottom: 4, left: 8 };
/** The pull gate of SCORING §2 step 4. */
const PULL_GATE = 4;

/**
 * The selected events' mjj histogram of one cut — points with Poisson ±√n error bars at the bin
 * centres — with the final background fit (steps over the bin edges), the window that fit left out
 * (grey) and the BumpHunter window (orange), log y; under it the pulls with the ±4 gate.
 */
export function MjjPlot({
  edges: plotEdges,
  cuts,
  initial = 0,
  title = "Dijet mass of the selected events",
}: {
  edges: number[];
  cuts: MjjCut[];
  initial?: number;
  title?: string;
}) {
  const [index, setIndex] = useState(initial);
  const id = useId();
  const cut = cuts[index] ?? cuts[0];
  if (!cut) return null;
  const edges = cut.edges ?? plotEdges;
  const n = edges.length - 1;
  const positive = (v: number | undefined) => (v !== undefined && v > 0 ? v : null);
  // stepAfter: one point per lower edge, and the last bin repeated at the upper edge
  const data = edges.map((m, i) => {
    const b = Math.min(i, n - 1);
    const p = cut.pulls?.[b];
    return {
      m,
      background: positive(cut.background?.[b]),
      pull: p !== undefined && Number.isFinite(p) ? p : null,
    };
  });
  // The data as points at the bin centres with Poisson ±√n error bars (the lower end kept on the
  // log axis); empty bins have no point.
  const points = cut.counts.flatMap((c, i) =>
    c > 0
      ? [
          {
            m: (edges[i]! + edges[i + 1]!) / 2,
            n: c,
            err: [c - Math.max(0.5, c - Math.sqrt(c)), Math.sqrt(c)] as [number, number],
          },
        ]
      : [],
  );
  const max = Math.max(1, ...cut.counts.map((c) => c + Math.sqrt(c)), ...(cut.background ?? []));
  const maxPull = Math.max(PULL_GATE + 1, ...(cut.pulls ?? []).filter(Number.isFinite).map(Math.abs));
  const xAxis = (
    <XAxis
      dataKey="m"
      type="number"
      domain={[edges[0] ?? 0, edges[n] ?? 1]}
      unit=" GeV"
      tickCount={8}
      allowDecimals={false}
    />
  );
  const area = (
    w: { loEdge: number; hiEdge: number } | null,
    fill: string,
    label: { value: string; position: "insideBottomLeft" | "insideTop" } | undefined,
  ) => w && <ReferenceArea x1={w.loEdge} x2={w.hiEdge} fill={fill} fillOpacity={0.25} label={label} />;
  const windows = (labels: boolean) => (
    <>
      {area(
        cut.excluded,
        "#9aa5b1",
        labels ? { value: "excluded from fit", position: "insideBottomLeft" } : undefined,
      )}
      {area(cut.bump, "#f0ad4e", labels ? { value: "bump", position: "insideTop" } : undefined)}
    </>
  );
  return (
    <figure className="chart" data-testid="mjj-plot">
      <figcaption className="row">
        <strong>{title}</strong>
        {cuts.length > 1 && (
          <label className="inline" htmlFor={id}>
            Cut
            <select id={id} value={index} onChange={(e) => setIndex(Number(e.target.value))}>
              {cuts.map((c, i) => (
                <option key={c.efficiency} value={i}>
                  ε = {c.efficiency}
                  {c.status === "rejected" ? " (model rejected)" : ""}
                </option>
              ))}
            </select>
          </label>
        )}
      </figcaption>
      <div style={{ width: "100%", height: 300 }}>
        <ResponsiveContainer initialDimension={{ width: 800, height: 300 }}>
          <ComposedChart data={data} margin={MARGIN}>
            <CartesianGrid strokeDasharray="3 3" />
            {xAxis}
            <YAxis scale="log" domain={[0.5, Math.ceil(max * 2)]} allowDataOverflow width={Y_WIDTH} />
            <Tooltip
              labelFormatter={(m) => `from ${Math.round(Number(m))} GeV`}
              formatter={(v) => Number(v).toPrecision(4)}
            />
            <Legend />
            {windows(true)}
            <Scatter
              name="selected events (± √n)"
              data={points}
              dataKey="n"
              fill="#1b1f24"
              shape={(props: { cx?: number; cy?: number }) => (
                <circle cx={props.cx} cy={props.cy} r={2.5} fill="#1b1f24" />
              )}
              isAnimationActive={false}
            >
              <ErrorBar dataKey="err" direction="y" width={0} stroke="#1b1f24" />
            </Scatter>
            {cut.background && (
              <Line
                name="background fit"
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
      {cut.pulls && (
        <div style={{ width: "100%", height: 130 }} data-testid="pulls-plot">
          <ResponsiveContainer initialDimension={{ width: 800, height: 130 }}>
            <ComposedChart data={data} margin={MARGIN}>
              <CartesianGrid strokeDasharray="3 3" />
              {xAxis}
              <YAxis
                domain={[-Math.ceil(maxPull), Math.ceil(maxPull)]}
                ticks={[-Math.ceil(maxPull), -PULL_GATE, 0, PULL_GATE, Math.ceil(maxPull)]}
                width={Y_WIDTH}
                label={{ value: "pull", angle: -90, position: "insideLeft" }}
              />
              <Tooltip
                labelFormatter={(m) => `from ${Math.round(Number(m))} GeV`}
                formatter={(v) => Number(v).toFixed(2)}
              />
              {windows(false)}
              <ReferenceLine y={0} stroke="#1b1f24" />
              <ReferenceLine y={PULL_GATE} stroke="#d9534f" strokeDasharray="4 3" />
              <ReferenceLine y={-PULL_GATE} stroke="#d9534f" strokeDasharray="4 3" />
              <Area
                name="pull"
                dataKey="pull"
                type="stepAfter"
                stroke="#0b5fad"
                fill="#0b5fad"
                fillOpacity={0.35}
                baseValue={0}
                isAnimationActive={false}
              />
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
      {cut.status === "rejected" && (
        <p className="error" role="note">
          Background model rejected for this cut{cut.reason ? `: ${cut.reason}` : ""}. No bump and no Z.
        </p>
      )}
    </figure>
  );
}
