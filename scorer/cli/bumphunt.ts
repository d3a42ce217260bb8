import os from "node:os";
import { z } from "zod";
import { bumpHunt } from "@/scorer/bumphunt/bumphunt";
import type { ScanSettings } from "@/scorer/bumphunt/windows";
import { applyDeviceFlag, flags, positiveInt, readJsonFile } from "./io";
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
    }),
});

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * `arena bumphunt --hist FILE [--npe N] [--seed S] [--threads T]`: BumpHunter (pyBumpHunter 0.5
 * semantics) of a histogram against a fixed reference, with `npe` pseudo-experiments for the
 * global p-value. FILE is `{ edges, data, ref, settings }` or a whole reference case (`.inputs`).
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
  const settings: ScanSettings = {
    mode: h.settings.mode,
    widthMin: h.settings.width_min,
    widthMax: h.settings.width_max,
    widthStep: h.settings.width_step,
    scanStep: h.settings.scan_step,
    useSideband: h.settings.use_sideband,
  };
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
    },
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
    `global p ${json.global.pvalue} from ${npe} pseudo-experiments (Z ${json.global.lowerLimit ? "≥ " : ""}${z_?.toFixed(3) ?? "—"})`,
    `${seconds.toFixed(2)} s on ${threads} thread${threads === 1 ? "" : "s"} (cpu)`,
  ].join("\n");
  return { json, text, asJson: f.json === true };
};
