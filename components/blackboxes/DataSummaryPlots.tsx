"use client";
import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DataSummary, FeatureHistogram } from "@/lib/blackboxes/data-summary";

const MARGIN = { top: 8, right: 16, bottom: 4, left: 8 };
const FILL = "#8aa4c8";
const STROKE = "#0b5fad";

/** One point per lower edge and the last bin repeated at the upper edge: a stepAfter histogram. */
function steps(h: FeatureHistogram, log: boolean) {
  const n = h.counts.length;
  return h.edges.map((x, i) => {
    const c = h.counts[Math.min(i, n - 1)]!;
    return { x, n: log && c <= 0 ? null : c };
  });
}

const tick = (v: number) =>
  Math.abs(v) >= 100 ? String(Math.round(v)) : Number(v.toPrecision(3)).toString();

/** What fell outside the range drawn, so every event is accounted for. */
function outside(h: FeatureHistogram): string {
  const f = (k: number) => k.toLocaleString("en-US");
  const out = [
    h.underflow > 0 ? `${f(h.underflow)} below` : "",
    h.overflow > 0 ? `${f(h.overflow)} above` : "",
  ]
    .filter(Boolean)
    .join(" and ");
  return [out ? `${out} the range drawn` : "", h.missing > 0 ? `${f(h.missing)} not finite` : ""]
    .filter(Boolean)
    .join("; ");
}

/**
 * One histogram as a stepAfter area: the mass spectrum large on a log axis (empty bins leave a gap),
 * the other features small on a linear one.
 */
function HistogramChart({ h, log }: { h: FeatureHistogram; log: boolean }) {
  const unit = h.unit ? ` ${h.unit}` : "";
  const width = log ? 800 : 260;
  const height = log ? 280 : 140;
  return (
    <div style={{ width: "100%", height }}>
      <ResponsiveContainer initialDimension={{ width, height }}>
        <AreaChart data={steps(h, log)} margin={log ? MARGIN : { ...MARGIN, right: 8 }}>
          {log && <CartesianGrid strokeDasharray="3 3" />}
          <XAxis
            dataKey="x"
            type="number"
            domain={[h.edges[0]!, h.edges[h.edges.length - 1]!]}
            unit={log ? unit : undefined}
            tickFormatter={tick}
            tickCount={log ? 8 : 4}
          />
          {log ? (
            <YAxis
              scale="log"
              domain={[0.5, Math.ceil(Math.max(1, ...h.counts) * 2)]}
              allowDataOverflow
              width={56}
            />
          ) : (
            <YAxis width={44} allowDecimals={false} />
          )}
          <Tooltip labelFormatter={(x) => `from ${tick(Number(x))}${unit}`} />
          <Area
            name="events"
            dataKey="n"
            type="stepAfter"
            stroke={STROKE}
            fill={FILL}
            fillOpacity={0.5}
            baseValue={log ? 0.5 : undefined}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

/** The mass spectrum of all events: counts per bin on a log axis, x in the feature's unit. */
function Spectrum({ h }: { h: FeatureHistogram }) {
  const unit = h.unit ? ` ${h.unit}` : "";
  return (
    <figure className="chart" data-testid="box-spectrum">
      <figcaption>
        <strong>
          <code>{h.name}</code> spectrum, all events{h.unit ? ` (${h.unit})` : ""}
        </strong>{" "}
        <span className="muted">
          events per {tick(h.edges[1]! - h.edges[0]!)}
          {unit} bin, log scale. {outside(h)}
        </span>
      </figcaption>
      <HistogramChart h={h} log />
    </figure>
  );
}

/** A small linear histogram of one feature. */
function Small({ h }: { h: FeatureHistogram }) {
  return (
    <figure className="chart" data-testid="feature-histogram">
      <figcaption>
        <code>{h.name}</code>
        {h.unit ? ` (${h.unit})` : ""} <span className="muted">{outside(h)}</span>
      </figcaption>
      {h.edges.length === 0 ? (
        <p className="muted">No finite value.</p>
      ) : (
        <HistogramChart h={h} log={false} />
      )}
    </figure>
  );
}

/**
 * The box's data as the public file holds it (all events, no labels): the mass spectrum on a log
 * axis and a grid of the other features' histograms, each between its 0.5 % and 99.5 % quantiles.
 */
export function DataSummaryPlots({ summary }: { summary: DataSummary }) {
  return (
    <div data-testid="data-summary">
      {summary.mass && summary.mass.edges.length > 1 && <Spectrum h={summary.mass} />}
      {summary.features.length > 0 && (
        <div className="histogram-grid">
          {summary.features.map((h) => (
            <Small key={h.name} h={h} />
          ))}
        </div>
      )}
    </div>
  );
}
