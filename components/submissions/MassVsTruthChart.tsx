"use client";
import {
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type MassPoint = { label: string; kind: "claim" | "scores"; mass: number; uncertainty: number | null };

/** Each team's claimed mass (± σ) against horizontal lines at the true resonance masses. */
export function MassVsTruthChart({ points, truths }: { points: MassPoint[]; truths: number[] }) {
  const data = points.map((p) => ({
    label: p.label,
    claim: p.kind === "claim" ? p.mass : undefined,
    claimErr: p.kind === "claim" ? (p.uncertainty ?? 0) : undefined,
    bump: p.kind === "scores" ? p.mass : undefined,
    bumpErr: p.kind === "scores" ? (p.uncertainty ?? 0) : undefined,
  }));
  const ys = [
    ...truths,
    ...points.flatMap((p) => [p.mass - (p.uncertainty ?? 0), p.mass + (p.uncertainty ?? 0)]),
  ];
  const lo = Math.max(0, Math.floor((Math.min(...ys) * 0.9) / 100) * 100);
  const hi = Math.ceil((Math.max(...ys) * 1.1) / 100) * 100;
  return (
    <figure className="chart" data-testid="mass-vs-truth">
      <figcaption>
        <strong>Claimed mass vs truth</strong>{" "}
        <span className="muted">
          (claims: mass ± σ; scores: the bump centre of the best cut ± half its window; lines: true masses)
        </span>
      </figcaption>
      {points.length === 0 ? (
        <p className="muted">No team claimed a mass in this box.</p>
      ) : (
        <div style={{ width: "100%", height: 320 }}>
          <ResponsiveContainer initialDimension={{ width: 800, height: 320 }}>
            <ComposedChart data={data} margin={{ top: 16, right: 24, bottom: 8, left: 16 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis
                dataKey="label"
                type="category"
                interval={0}
                tick={{ fontSize: 11 }}
                padding={{ left: 60, right: 60 }}
              />
              <YAxis type="number" domain={[lo, hi]} unit=" GeV" width={90} />
              <Tooltip formatter={(v) => `${Math.round(Number(v))} GeV`} />
              <Legend />
              {truths.map((m, i) => (
                <ReferenceLine
                  // biome-ignore lint/suspicious/noArrayIndexKey: one line per injected component
                  key={i}
                  y={m}
                  stroke="#1e7a3c"
                  strokeDasharray="6 3"
                  label={{ value: `true ${Math.round(m)} GeV`, position: "insideTopRight" }}
                />
              ))}
              <Scatter name="claim" dataKey="claim" fill="#0b5fad" isAnimationActive={false}>
                <ErrorBar dataKey="claimErr" direction="y" width={6} stroke="#0b5fad" />
              </Scatter>
              <Scatter name="bump (scores)" dataKey="bump" fill="#d9534f" isAnimationActive={false}>
                <ErrorBar dataKey="bumpErr" direction="y" width={6} stroke="#d9534f" />
              </Scatter>
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
