import os from "node:os";
import { z } from "zod";
import { bumpHunt } from "@/scorer/bumphunt/bumphunt";
import { fromPyBumpHunter, layoutWindows, type WindowLayout } from "@/scorer/bumphunt/windows";
import { applyDeviceFlag, flags, nonNegativeInt, positiveInt, readJsonFile } from "./io";
import type { Command } from "./main";
import { UsageError } from "./usage";

/** The `inputs` object of a pyBumpHunter reference case (pyBumpHunter's own setting names). */
const histSchema = z.object({
  edges: z.array(z.number()).min(2),
  data: z.array(z.number().nonnegative()),
  ref: z.array(z.number().nonnegative()),
  settings: z
    .object({
      mode: z.enum(["excess", "deficit"]).default("excess"),
      width_min: z.number().int().min(1).default(1),
      width_max: z.number().int().min(1).nullable().default(null),
      width_step: z.number().int().min(1).default(1),
      scan_step: z.union([z.number().int().min(1), z.literal("half"), z.literal("full")]).default(1),
      use_sideband: z.boolean().default(false),
      sideband_width: z.number().int().min(0).nullable().default(null),
      seed: z.number().int().optional(),
      npe: z.number().int().min(1).optional(),
    })
    .passthrough()
    .default({
      mode: "excess",
      width_min: 1,
      width_max: null,
      width_step: 1,
      scan_step: 1,
      use_sideband: false,
      sideband_width: null,
    }),
});

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * `arena bumphunt --hist FILE [--use-sideband] [--sideband-width K] [--npe N] [--seed S] [--threads T]`:
 * BumpHunter (pyBumpHunter 0.5 semantics) of a histogram against a fixed reference, with `npe`
 * pseudo-experiments for the global p-value. FILE is `{ edges, data, ref, settings }` or a whole
 * reference case (`.inputs`). The flags override the file's `use_sideband` and `sideband_width`;
 * in the file, as in pyBumpHunter, `sideband_width` without `use_sideband` is ignored, while the
 * flag `--sideband-width` without side-band normalisation is refused.
 */
export const bumphuntCommand: Command = async (argv) => {
  const f = flags(
    argv,
    {
      hist: { type: "string" },
      npe: { type: "string" },
      seed: { type: "string" },
      threads: { type: "string" },
      json: { type: "boolean" },
      device: { type: "string" },
      "use-sideband": { type: "boolean" },
      "sideband-width": { type: "string" },
    },
    ["hist"],
  );
  applyDeviceFlag(f.device);
  const raw = readJsonFile(f.hist!, "hist") as { inputs?: unknown };
  const parsed = histSchema.safeParse(raw && typeof raw === "object" && "inputs" in raw ? raw.inputs : raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new Error(`--hist ${f.hist}: ${where}`);
  }
  const h = parsed.data;
  if (h.data.length !== h.edges.length - 1 || h.ref.length !== h.edges.length - 1) {
    throw new Error(`--hist ${f.hist}: data and ref need ${h.edges.length - 1} bins (one fewer than edges)`);
  }
  const settings = fromPyBumpHunter(h.settings);
  if (f["use-sideband"]) settings.useSideband = true;
  if (f["sideband-width"] !== undefined) {
    settings.sidebandWidth = nonNegativeInt(f["sideband-width"], "sideband-width");
    if (!settings.useSideband) {
      throw new UsageError(
        "--sideband-width needs side-band normalisation (--use-sideband or use_sideband: true)",
      );
    }
  }
  // The windows' range, for the report (and a clear error when side-bands leave no window).
  let layout: WindowLayout;
  try {
    layout = layoutWindows(h.ref, settings);
  } catch (e) {
    throw new Error(`--hist ${f.hist}: ${(e as Error).message}`);
  }
  const npe = positiveInt(f.npe, "npe", h.settings.npe ?? 10_000);
  const seedText = f.seed ?? String(h.settings.seed ?? 0);
  const seed = Number(seedText);
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got "${seedText}"`);
  const threads = positiveInt(f.threads, "threads", Math.max(1, os.availableParallelism()));
  const t0 = performance.now();
  const r = await bumpHunt(h.data, h.ref, settings, { npe, seed, threads }, h.edges);
  const seconds = (performance.now() - t0) / 1000;
  const json = {
    bump: {
      locBin: r.local.locBin,
      widthBins: r.local.widthBins,
      loEdge: r.local.loEdge,
      hiEdge: r.local.hiEdge,
      nData: r.local.nData,
      nRef: r.local.nRef,
      signalEval: r.local.signalEval,
      // pyBumpHunter's norm_scale: (D − n)/(R − β) at the bump; null without side-band normalisation
      normScale: r.local.normScale === null ? null : finiteOrNull(r.local.normScale),
    },
    // Half-open bin ranges: where the windows lie, and what the totals D and R are summed over.
    sideband: layout.sideband
      ? {
          width: settings.sidebandWidth ?? 0,
          windowBins: [layout.scanFirst, layout.scanEnd],
          normalisationBins: [layout.first, layout.end],
        }
      : null,
    local: {
      pvalue: r.local.pvalue,
      t: r.local.t,
      significance: finiteOrNull(r.local.significance),
      nWindows: r.local.nWindows,
      windowPvaluesByWidth: r.local.windowPvaluesByWidth,
    },
    global: {
      npe: r.global.npe,
      nGe: r.global.nGe,
      pvalue: r.global.pvalue,
      // Z = Φ⁻¹(1 − p) is −∞ when every toy reaches t_obs (no excess at all): null in JSON.
      significance: finiteOrNull(r.global.significance),
      lowerLimit: r.global.isLowerLimit,
    },
    device: r.device,
    threads,
    seed,
    seconds,
  };
  const z_ = json.global.significance;
  const text = [
    `bump: bins ${json.bump.locBin}..${json.bump.locBin + json.bump.widthBins - 1} [${json.bump.loEdge}, ${json.bump.hiEdge}]`,
    `data ${json.bump.nData}, reference ${json.bump.nRef.toFixed(2)}, excess ${json.bump.signalEval.toFixed(2)}`,
    `local p ${json.local.pvalue.toExponential(4)} (Z ${json.local.significance?.toFixed(3) ?? "—"}), ${json.local.nWindows} windows`,
    ...(json.sideband
      ? [
          `side-band normalisation: windows in bins ${layout.scanFirst}..${layout.scanEnd - 1}, totals over bins ${layout.first}..${layout.end - 1}, scale at the bump ${json.bump.normScale?.toFixed(6) ?? "—"}`,
        ]
      : []),
    `global p ${json.global.pvalue} from ${npe} pseudo-experiments (Z ${json.global.lowerLimit ? "≥ " : ""}${z_?.toFixed(3) ?? "—"})`,
    `${seconds.toFixed(2)} s on ${threads} thread${threads === 1 ? "" : "s"} (cpu)`,
  ].join("\n");
  return { json, text, asJson: f.json === true };
};
