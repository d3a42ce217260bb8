import { generateEvents } from "@/blackboxes/generator/generate";
import { FEATURE_NAMES } from "@/core/events";
import { parseGeneratorSpec } from "@/blackboxes/generator/spec";
import { histogram } from "@/scorer/bumphunt/select";
import { appInput } from "@/lib/errors";

export type PreviewHistogram = { edges: number[]; series: { label: string; counts: number[] }[] };
export type PreviewSignal = {
  label: string;
  window: [number, number];
  signal: number;
  background: number;
  sOverB: number;
  sOverSqrtB: number;
};
export type Preview = {
  sampled: number;
  mjj: PreviewHistogram;
  heavierJetMass: PreviewHistogram;
  tau21Jet1: PreviewHistogram;
  signals: PreviewSignal[];
};

const col = (name: (typeof FEATURE_NAMES)[number]) => FEATURE_NAMES.indexOf(name);
const edges = (lo: number, hi: number, n: number) =>
  Array.from({ length: n + 1 }, (_, i) => lo + ((hi - lo) * i) / n);

function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const i = Math.floor(h);
  return sorted[i]! + (h - i) * ((sorted[Math.min(i + 1, sorted.length - 1)] ?? sorted[i]!) - sorted[i]!);
}

/**
 * What a spec will look like, from a quick sample of `sampleEvents` generated with the same models:
 * histograms of mjj, the heavier jet mass and τ21 of the leading jet, background and each signal
 * scaled to the full spec's event counts; and per signal the expected S, B, S/B and S/√B in the
 * window holding its central 68% (16th–84th percentile of its mjj). Organizers only (it is truth).
 */
export function previewSpec(specInput: unknown, sampleEvents = 20_000, seed = 1): Preview {
  const spec = appInput(() => parseGeneratorSpec(specInput));
  const sizes = [spec.background.n, ...spec.signals.map((s) => s.n)];
  const total = sizes.reduce((a, b) => a + b, 0);
  // Sample every component with at least 2000 events, then weight back to the spec's counts.
  const sampleSizes = sizes.map((n) =>
    n === 0 ? 0 : Math.max(2000, Math.round((n / total) * sampleEvents)),
  );
  const g = generateEvents(
    {
      background: { ...spec.background, n: sampleSizes[0] },
      signals: spec.signals.map((s, k) => ({ ...s, n: sampleSizes[k + 1] })),
    },
    seed,
  );
  const nf = FEATURE_NAMES.length;
  const n = g.labels.length;
  const column = (name: (typeof FEATURE_NAMES)[number]) => {
    const j = col(name);
    return Float64Array.from({ length: n }, (_, i) => g.features[i * nf + j]!);
  };
  const mjj = column("mjj");
  const mj1 = column("mj1");
  const mj2 = column("mj2");
  const heavier = Float64Array.from(mj1, (m, i) => Math.max(m, mj2[i]!));
  const tau = column("tau21_1");
  const labels = ["background", ...spec.signals.map((s, k) => `signal ${k + 1}: ${s.model} ${s.mass} GeV`)];
  const byComponent = sizes.map((_, k) =>
    Int32Array.from(Array.from({ length: n }, (_, i) => i).filter((i) => g.labels[i] === k)),
  );
  const weight = sizes.map((full, k) => (sampleSizes[k] ? full / sampleSizes[k]! : 0));
  const hist = (values: Float64Array, e: number[]): PreviewHistogram => ({
    edges: e,
    series: byComponent.map((idx, k) => ({
      label: labels[k]!,
      counts: Array.from(histogram(values, idx, e), (c) => c * weight[k]!),
    })),
  });
  const bkg = Float64Array.from(byComponent[0]!, (i) => mjj[i]!);
  const signals = spec.signals.map((_, s) => {
    const k = s + 1;
    const m = Float64Array.from(byComponent[k]!, (i) => mjj[i]!).sort();
    const lo = quantile(m, 0.16);
    const hi = quantile(m, 0.84);
    const inWindow = (xs: Float64Array) => xs.reduce((a, x) => a + (x >= lo && x <= hi ? 1 : 0), 0);
    const S = inWindow(m) * weight[k]!;
    const B = inWindow(bkg) * weight[0]!;
    return {
      label: labels[k]!,
      window: [lo, hi] as [number, number],
      signal: S,
      background: B,
      sOverB: B > 0 ? S / B : Number.POSITIVE_INFINITY,
      sOverSqrtB: B > 0 ? S / Math.sqrt(B) : Number.POSITIVE_INFINITY,
    };
  });
  return {
    sampled: n,
    mjj: hist(mjj, edges(1500, 7000, 55)),
    heavierJetMass: hist(heavier, edges(0, 1000, 50)),
    tau21Jet1: hist(tau, edges(0, 1, 40)),
    signals,
  };
}
