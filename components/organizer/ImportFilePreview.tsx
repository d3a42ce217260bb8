"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Histogram, ImportPreview } from "@/lib/imports/preview";

/** Integers (ids, counts) as they are; GeV-scale values to 0.1; small ones to 3 significant digits. */
function formatCell(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(1);
  return v.toPrecision(3);
}

function HistogramChart({ h }: { h: Histogram }) {
  const unit = h.unit ? ` ${h.unit}` : "";
  const bars = h.counts.map((count, i) => {
    const lo = h.edges[i] ?? 0;
    const hi = h.edges[i + 1] ?? lo;
    return { x: Number(formatCell((lo + hi) / 2)), count };
  });
  return (
    <figure className="chart" data-testid="import-histogram">
      <figcaption>
        <strong>{h.feature}</strong>
        {h.unit && <span className="muted"> [{h.unit}]</span>}
      </figcaption>
      <div style={{ width: "100%", height: 160 }}>
        <ResponsiveContainer initialDimension={{ width: 300, height: 160 }}>
          <BarChart data={bars} barCategoryGap={0} margin={{ top: 4, right: 8, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" minTickGap={24} tick={{ fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={40} allowDecimals={false} />
            <Tooltip labelFormatter={(x) => `${h.feature} ≈ ${x}${unit}`} />
            <Bar dataKey="count" name="events" fill="#8aa4c8" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/**
 * What the server read from one staged file: the first events as a table and the distributions
 * of a few features (for LHCO, of jets clustered from the file's first events).
 */
export function ImportFilePreview({ name, preview }: { name: string; preview: ImportPreview }) {
  const { columns, rows, histograms, counts } = preview;
  const labelled = Object.entries(counts);
  return (
    <div data-testid="import-preview">
      {labelled.length > 0 && (
        <p className="muted small">
          {labelled.map(([k, v]) => `${k}: ${v}`).join(" · ")} <span>(truth: shown to organizers only)</span>
        </p>
      )}
      {columns.length > 0 && rows.length > 0 && (
        <div className="table-wrap">
          <table aria-label={`First events of ${name}`} className="small">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                // rows have no id of their own; their order is the file's
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed preview, never reordered
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={columns[j] ?? j} className="num">
                      {formatCell(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {histograms.some((h) => h.counts.length > 0) && (
        <div className="grid">
          {histograms
            .filter((h) => h.counts.length > 0)
            .map((h) => (
              <HistogramChart key={h.feature} h={h} />
            ))}
        </div>
      )}
    </div>
  );
}
