"use client";
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { previewBoxAction } from "@/app/(organizer)/challenges/box-actions";
import { SpecPicker } from "@/components/organizer/BoxForms";
import { ActionForm } from "@/components/ui/ActionForm";
import type { Preview, PreviewHistogram } from "@/lib/blackboxes/preview";

const COLORS = ["#8aa4c8", "#d9534f", "#f0ad4e", "#5cb85c", "#9b59b6"];

/**
 * The background as bars, each injected signal drawn on its own as a step line over it (stacked on
 * a log axis, a signal of S/B ≪ 1 adds a sliver no eye can see on top of its bar).
 */
function Stacked({ title, h, unit }: { title: string; h: PreviewHistogram; unit: string }) {
  const rows = h.edges.slice(0, -1).map((lo, i) => {
    const row: Record<string, number> = { x: Math.round(((lo + h.edges[i + 1]!) / 2) * 1000) / 1000 };
    for (const s of h.series) row[s.label] = Math.round(s.counts[i]!);
    return row;
  });
  const [background, ...signals] = h.series;
  return (
    <figure style={{ margin: "1rem 0" }}>
      <figcaption>
        <strong>{title}</strong>{" "}
        <span className="muted">
          (events expected in the full box; signals drawn on their own, not stacked)
        </span>
      </figcaption>
      <div style={{ width: "100%", height: 260 }}>
        <ResponsiveContainer>
          <ComposedChart data={rows} barCategoryGap={0}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" unit={unit} minTickGap={24} />
            <YAxis scale="log" domain={[1, "auto"]} allowDataOverflow />
            <Tooltip />
            <Legend />
            {background && <Bar dataKey={background.label} fill={COLORS[0]} isAnimationActive={false} />}
            {signals.map((s, k) => (
              <Line
                key={s.label}
                dataKey={s.label}
                type="step"
                stroke={COLORS[(k + 1) % COLORS.length]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function Plots({ p }: { p: Preview }) {
  return (
    <div data-testid="preview">
      <p className="muted">
        From a quick sample of {p.sampled.toLocaleString("en-US")} events, weighted to the full box.
      </p>
      {p.signals.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col">Window (central 68%)</th>
              <th scope="col">S</th>
              <th scope="col">B</th>
              <th scope="col">S/B</th>
              <th scope="col">S/√B</th>
            </tr>
          </thead>
          <tbody>
            {p.signals.map((s) => (
              <tr key={s.label}>
                <td>{s.label}</td>
                <td>
                  {s.window[0].toFixed(0)}–{s.window[1].toFixed(0)} GeV
                </td>
                <td>{s.signal.toFixed(0)}</td>
                <td>{s.background.toFixed(0)}</td>
                <td>{s.sOverB.toPrecision(3)}</td>
                <td>{s.sOverSqrtB.toPrecision(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Stacked title="Dijet mass mjj" h={p.mjj} unit=" GeV" />
      <Stacked title="Heavier jet mass" h={p.heavierJetMass} unit=" GeV" />
      <Stacked title="τ21 of the leading jet" h={p.tau21Jet1} unit="" />
    </div>
  );
}

export function PreviewForm({
  challengeSlug,
  builtins,
}: {
  challengeSlug: string;
  builtins: { slug: string; title: string }[];
}) {
  return (
    <ActionForm action={previewBoxAction} submitLabel="Preview" success={(p) => <Plots p={p} />} keepValues>
      <input type="hidden" name="challengeSlug" value={challengeSlug} />
      <SpecPicker label="Spec to preview" builtins={builtins} />
      <label>
        Custom generator spec (JSON)
        <textarea name="spec" />
      </label>
    </ActionForm>
  );
}
