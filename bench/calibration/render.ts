import type { CalibrationVerdict } from "@/lib/calibration";
import { binomialInterval, ksUniform } from "./stats";
import { type InjectionScore, SCORE_KINDS, type ScoreKind, type StudyResult } from "./study";

const LABEL: Record<ScoreKind, string> = {
  plain: "plain bump hunt (ε = 1)",
  random: "random scores",
  pt1: "leading-jet pT as the score (sculpts mjj)",
};

export type Verdict = CalibrationVerdict;

/** KS p > 0.01 and the count below 0.05 inside its binomial 95 % interval, per variant and score. */
export function verdicts(r: StudyResult): Verdict[] {
  const out: Verdict[] = [];
  for (const variant of r.options.variants) {
    for (const kind of SCORE_KINDS) {
      const rows = r.boxes[variant][kind];
      const ps = rows.map((b) => b.p).filter((p): p is number => p !== null);
      const ks = ksUniform(ps);
      const below05 = ps.filter((p) => p < 0.05).length;
      const interval = binomialInterval(ps.length, 0.05);
      out.push({
        variant,
        kind,
        n: ps.length,
        rejected: rows.length - ps.length,
        ksP: ks.p,
        below05,
        interval,
        pass: ks.p > 0.01 && below05 >= interval.lo && below05 <= interval.hi,
      });
    }
  }
  return out;
}

/** An SVG histogram of p-values in 20 bins with the uniform expectation and its 95 % band. */
export function pHistogramSvg(ps: number[], title: string): string {
  const bins = 20;
  const counts = new Array<number>(bins).fill(0);
  for (const p of ps) counts[Math.min(bins - 1, Math.floor(p * bins))]!++;
  const expect = ps.length / bins;
  const band = binomialInterval(ps.length, 1 / bins);
  const top = Math.max(...counts, band.hi, 1) * 1.15;
  const W = 420;
  const H = 260;
  const L = 45;
  const B = 35;
  const x = (v: number) => L + (v * (W - L - 10)) / 1;
  const y = (c: number) => H - B - (c / top) * (H - B - 25);
  const bars = counts
    .map(
      (c, i) =>
        `<rect x="${x(i / bins).toFixed(1)}" y="${y(c).toFixed(1)}" width="${((W - L - 10) / bins - 1).toFixed(1)}" height="${(y(0) - y(c)).toFixed(1)}" fill="#4a78b5"/>`,
    )
    .join("");
  return svg(
    W,
    H,
    title,
    [
      `<rect x="${x(0)}" y="${y(band.hi).toFixed(1)}" width="${W - L - 10}" height="${(y(band.lo) - y(band.hi)).toFixed(1)}" fill="#f2c14e" opacity="0.35"/>`,
      bars,
      `<line x1="${x(0)}" x2="${x(1)}" y1="${y(expect).toFixed(1)}" y2="${y(expect).toFixed(1)}" stroke="#c0392b" stroke-width="2"/>`,
      axes(
        W,
        H,
        L,
        B,
        "global p (summary)",
        "boxes",
        [0, 0.25, 0.5, 0.75, 1].map((v) => [x(v), v.toString()]),
      ),
    ].join(""),
  );
}

/** QQ plot: sorted p against the uniform quantiles i/(n+1), both axes log10 (the tail is what matters). */
export function qqSvg(series: { name: string; ps: number[]; color: string }[], title: string): string {
  const W = 420;
  const H = 300;
  const L = 50;
  const B = 40;
  const lo = -3.5;
  const pos = (v: number) => Math.max(lo, Math.log10(Math.max(v, 1e-12)));
  const x = (v: number) => L + ((pos(v) - lo) / -lo) * (W - L - 10);
  const y = (v: number) => H - B - ((pos(v) - lo) / -lo) * (H - B - 25);
  const lines = series.map((s) => {
    const sorted = [...s.ps].sort((a, b) => a - b);
    const pts = sorted.map((p, i) => `${x((i + 1) / (sorted.length + 1)).toFixed(1)},${y(p).toFixed(1)}`);
    return `<polyline points="${pts.join(" ")}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`;
  });
  const legend = series
    .map(
      (s, i) =>
        `<text x="${L + 10}" y="${40 + 14 * i}" font-size="11" fill="${s.color}">${xmlEscape(s.name)}</text>`,
    )
    .join("");
  return svg(
    W,
    H,
    title,
    [
      `<line x1="${x(10 ** lo)}" y1="${y(10 ** lo)}" x2="${x(1)}" y2="${y(1)}" stroke="#999" stroke-dasharray="4 3"/>`,
      ...lines,
      legend,
      axes(
        W,
        H,
        L,
        B,
        "expected p (uniform quantile)",
        "observed p",
        [-3, -2, -1, 0].map((e) => [x(10 ** e), `1e${e}`]),
      ),
    ].join(""),
  );
}

/** Discovery probability (Z ≥ 3) against injected N_sig, one line per score. */
export function powerSvg(
  points: { name: string; color: string; xy: [number, number][] }[],
  title: string,
): string {
  const W = 420;
  const H = 260;
  const L = 45;
  const B = 35;
  const xmax = Math.max(1, ...points.flatMap((p) => p.xy.map(([a]) => a)));
  const x = (v: number) => L + (v / xmax) * (W - L - 20);
  const y = (v: number) => H - B - v * (H - B - 25);
  const lines = points.map(
    (p) =>
      `<polyline points="${p.xy.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(" ")}" fill="none" stroke="${p.color}" stroke-width="2"/>` +
      p.xy
        .map(([a, b]) => `<circle cx="${x(a).toFixed(1)}" cy="${y(b).toFixed(1)}" r="3" fill="${p.color}"/>`)
        .join(""),
  );
  const legend = points
    .map(
      (p, i) =>
        `<text x="${L + 10}" y="${40 + 14 * i}" font-size="11" fill="${p.color}">${xmlEscape(p.name)}</text>`,
    )
    .join("");
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(
    (f) => [x(f * xmax), Math.round(f * xmax).toString()] as [number, string],
  );
  return svg(
    W,
    H,
    title,
    [...lines, legend, axes(W, H, L, B, "injected N_sig (BB1-like, 3823 GeV)", "P(Z ≥ 3)", ticks)].join(""),
  );
}

function axes(W: number, H: number, L: number, B: number, xl: string, yl: string, ticks: [number, string][]) {
  return [
    `<line x1="${L}" y1="${H - B}" x2="${W - 10}" y2="${H - B}" stroke="#333"/>`,
    `<line x1="${L}" y1="20" x2="${L}" y2="${H - B}" stroke="#333"/>`,
    ...ticks.map(
      ([px, t]) =>
        `<text x="${px.toFixed(1)}" y="${H - B + 14}" font-size="10" text-anchor="middle">${t}</text>`,
    ),
    `<text x="${(L + W) / 2}" y="${H - 5}" font-size="11" text-anchor="middle">${xmlEscape(xl)}</text>`,
    `<text x="12" y="${(H - B) / 2}" font-size="11" transform="rotate(-90 12 ${(H - B) / 2})" text-anchor="middle">${xmlEscape(yl)}</text>`,
  ].join("");
}

function svg(W: number, H: number, title: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif"><title>${xmlEscape(title)}</title><rect width="${W}" height="${H}" fill="white"/><text x="${W / 2}" y="14" font-size="12" text-anchor="middle">${xmlEscape(title)}</text>${body}</svg>\n`;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The figures (name → SVG, and verdicts.json) and the markdown page of a study. */
export function renderStudy(
  r: StudyResult,
  figDir: string,
  command: string,
): { md: string; figures: Record<string, string> } {
  const figures: Record<string, string> = {};
  const v = verdicts(r);
  const lines: string[] = [];
  const o = r.options;
  lines.push(
    "# Calibration of the discovery significance (SCORING §2 v2)",
    "",
    `Made by \`${command}\` in ${(r.seconds / 60).toFixed(1)} min on this project's 2-core machine. Each box is a fresh`,
    `generator box of ${o.events.toLocaleString("en")} background events; every box is scored with the config`,
    `(|Δη| < ${r.config.preselection?.maxDeltaEta ?? "none"}, search-phase threshold ${r.config.searchP}, ${r.config.edges.length - 1} bins on ${r.config.edges[0]}–${r.config.edges[r.config.edges.length - 1]} GeV, widths ${r.config.scan.widthMin}–${r.config.scan.widthMax ?? "default"} bins, cuts ${r.config.cutEfficiencies.join(", ")})`,
    `with ${o.npe} refitted nested pseudo-experiments per box (the server uses 10 000; the p-values' resolution here is 1/${o.npe + 1},`,
    "ample for uniformity). A calibrated procedure gives a uniform summary global p on background-only boxes.",
    "",
    "## Background-only boxes: is the summary global p uniform?",
    "",
    "| background | score | boxes with a p | all cuts rejected | KS p | p < 0.05 | 95 % interval | verdict |",
    "|---|---|---|---|---|---|---|---|",
    ...v.map(
      (x) =>
        `| ${x.variant} | ${LABEL[x.kind]} | ${x.n} | ${x.rejected} | ${x.ksP.toFixed(3)} | ${x.below05} | ${x.interval.lo}–${x.interval.hi} | ${x.pass ? "calibrated" : "**not calibrated**"} |`,
    ),
    "",
  );
  for (const variant of o.variants) {
    for (const kind of SCORE_KINDS) {
      const ps = r.boxes[variant][kind].map((b) => b.p).filter((p): p is number => p !== null);
      const name = `p-${variant}-${kind}.svg`;
      figures[name] = pHistogramSvg(ps, `${variant}: ${LABEL[kind]} (${ps.length} boxes)`);
    }
    const name = `qq-${variant}.svg`;
    figures[name] = qqSvg(
      SCORE_KINDS.map((k, i) => ({
        name: LABEL[k],
        color: ["#1f77b4", "#2ca02c", "#d62728"][i]!,
        ps: r.boxes[variant][k].map((b) => b.p).filter((p): p is number => p !== null),
      })),
      `${variant}: QQ plot of the summary global p`,
    );
    lines.push(
      `### ${variant}`,
      "",
      ...SCORE_KINDS.map((k) => `![${variant} ${k}](${figDir}/p-${variant}-${k}.svg)`),
      "",
      `![${variant} QQ](${figDir}/qq-${variant}.svg)`,
      "",
      "Histograms: the red line is the uniform expectation, the yellow band its binomial 95 % interval per bin.",
      "",
    );
  }
  lines.push(
    "## How often the background model is rejected, per cut",
    "",
    "The gate (gof p from the refitted toys ≥ 0.01, no |pull| > 4 outside the search window) should",
    "reject about 1 % of background-only spectra by chance, plus the |pull| > 4 tail.",
    "",
    "| background | score | cut ε | rejected | of which by gof | by pull | fit failed | function orders chosen (3/4/5/6) |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const variant of o.variants) {
    for (const kind of SCORE_KINDS) {
      const rows = r.boxes[variant][kind];
      const effs = rows[0]?.cuts.map((c) => c.efficiency) ?? [];
      for (const [j, eff] of effs.entries()) {
        const cuts = rows.map((b) => b.cuts[j]!);
        const count = (s: string) => cuts.filter((c) => c.status === s).length;
        const orders = [3, 4, 5, 6].map((n) => cuts.filter((c) => c.nParams === n).length).join("/");
        const rej = cuts.length - count("ok");
        lines.push(
          `| ${variant} | ${kind} | ${eff} | ${rej}/${cuts.length} (${((100 * rej) / Math.max(1, cuts.length)).toFixed(1)} %) | ${count("goodness-of-fit")} | ${count("pull")} | ${count("fit-failed")} | ${orders} |`,
        );
      }
    }
  }
  lines.push("");
  if (o.spuriousBoxes > 0) {
    lines.push(
      "## Spurious signal",
      "",
      `On the spectrum of ${o.spuriousBoxes} pooled background-only boxes (ε = 1), for each mass m the window m ± 1.5 × 5 % m is`,
      "left out of the fit (order chosen by the nested-model tests) and the fitted background in it is compared with",
      "the data: S_spur is the excess per box, σ one box's statistical error √b. |S_spur| < 0.5 σ is the usual criterion.",
      "",
      "| background | m [GeV] | order | S_spur per box | σ (one box) | S_spur/σ |",
      "|---|---|---|---|---|---|",
    );
    for (const variant of o.variants) {
      for (const s of r.spurious[variant]) {
        lines.push(
          `| ${variant} | ${s.mass} | ${s.nParams} | ${s.spurious.toFixed(1)} | ${s.sigma.toFixed(1)} | ${(s.spurious / s.sigma).toFixed(2)} |`,
        );
      }
    }
    lines.push("");
  }
  if (r.injections.length > 0) {
    const byScore = (score: InjectionScore) => {
      const xy: [number, number][] = [];
      const rows: string[] = [];
      for (const nSig of o.injections) {
        const runs = r.injections.filter((x) => x.nSig === nSig && x.score === score);
        const found = runs.filter((x) => x.z !== null && x.z >= 3).length;
        const covers = runs.filter((x) => x.covers && x.z !== null && x.z >= 3).length;
        const zs = runs
          .map((x) => x.z)
          .filter((z): z is number => z !== null)
          .sort((a, b) => a - b);
        const median = zs.length ? zs[Math.floor(zs.length / 2)]! : null;
        const extrap = runs.filter((x) => x.extrapolated).length;
        xy.push([nSig, found / Math.max(1, runs.length)]);
        rows.push(
          `| ${score} | ${nSig} | ${runs.length} | ${found} (${((100 * found) / Math.max(1, runs.length)).toFixed(0)} %) | ${covers} | ${median === null ? "—" : median.toFixed(2)} | ${extrap} |`,
        );
      }
      return { xy, rows };
    };
    const labels = byScore("labels");
    const tiebreak = byScore("labels+tiebreak");
    const tagger = byScore("tagger");
    figures["power.svg"] = powerSvg(
      [
        { name: "truth labels (0/1) as scores", color: "#1f77b4", xy: labels.xy },
        { name: "truth labels + a tie-breaker", color: "#2ca02c", xy: tiebreak.xy },
        { name: "cut-based tagger (jet masses, τ21)", color: "#d62728", xy: tagger.xy },
      ],
      "Discovery probability (summary Z ≥ 3)",
    );
    lines.push(
      "## A BB1-like resonance injected (W' 3823 GeV → X 732, Y 378)",
      "",
      `${o.injectionBoxes} Pythia-like boxes per N_sig. "Covers" counts discoveries whose reported bump contains 3823 GeV.`,
      "Truth labels are 0/1: every cut below ε = 1 then keeps exactly the signal events or none of a tie (SCORING §2",
      "step 1: ties all or none, whichever is closer), so they find the signal through the ε = 1 spectrum or not at all.",
      '"Labels + a tie-breaker" adds a deterministic U(0, 0.5) per event: a perfect classifier that still ranks the',
      "background, so each cut keeps background beside the signal. The tagger is a cut-based score on the two jet masses",
      "(near 732 and 378 GeV) and τ21 (bench/calibration/study.ts `bb1Tagger`).",
      "",
      `![power](${figDir}/power.svg)`,
      "",
      "| score | N_sig | boxes | Z ≥ 3 | of which the bump covers 3823 GeV | median Z | extrapolated |",
      "|---|---|---|---|---|---|---|",
      ...labels.rows,
      ...tiebreak.rows,
      ...tagger.rows,
      "",
    );
  }
  // The verdicts as data, for the challenges' methods pages (lib/methods.ts reads them).
  figures["verdicts.json"] = `${JSON.stringify({ command, verdicts: v }, null, 1)}\n`;
  return { md: `${lines.join("\n")}\n`, figures };
}
