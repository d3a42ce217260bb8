"use client";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { niceTicks } from "./CurvePlots";

/** `extrapolated`: a discovery Z whose p-value comes from the toys' fitted tail (SCORING §2 v2). */
export type LeaderboardBar = { name: string; value: number; baseline: boolean; extrapolated: boolean };

const TEAM = "#0b5fad";
const BASELINE = "#9aa5b1";

/** The primary metric per team as bars; baselines in grey. Rows without a number (a rejected model) have no bar. */
export function LeaderboardChart({ label, bars }: { label: string; bars: LeaderboardBar[] }) {
  // Round ticks (1, 2, 2.5 or 5 × 10^k) when every value is ≥ 0; recharts' own picks 0.55, 1.1, …
  const values = bars.map((b) => b.value);
  const ticks = values.length > 0 && Math.min(...values) >= 0 ? niceTicks(Math.max(...values)) : undefined;
  return (
    <figure className="chart" data-testid="leaderboard-chart">
      <figcaption>
        <strong>{label}</strong> per team{" "}
        <span className="muted">
          (<span className="swatch" style={{ background: TEAM }} /> teams,{" "}
          <span className="swatch" style={{ background: BASELINE }} /> baselines)
        </span>
      </figcaption>
      {bars.length === 0 ? (
        <p className="muted">Nothing to plot yet.</p>
      ) : (
        <div style={{ width: "100%", height: 280 }}>
          <ResponsiveContainer initialDimension={{ width: 800, height: 280 }}>
            <BarChart data={bars} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
              <YAxis ticks={ticks} domain={ticks ? [0, ticks[ticks.length - 1]!] : undefined} />
              <Tooltip
                formatter={(v, _n, item) => [
                  `${Number(v).toPrecision(4)}${(item.payload as LeaderboardBar).extrapolated ? " (extrapolated)" : ""}`,
                  label,
                ]}
              />
              <Bar dataKey="value" isAnimationActive={false}>
                {bars.map((b) => (
                  <Cell key={b.name} fill={b.baseline ? BASELINE : TEAM} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
